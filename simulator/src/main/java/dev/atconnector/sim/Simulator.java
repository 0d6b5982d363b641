package dev.atconnector.sim;

import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import dev.atconnector.sim.server.Router;
import dev.atconnector.sim.server.ServerState;
import dev.atconnector.sim.session.SessionLogEntry;
import dev.atconnector.sim.session.SessionQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A running Activity Tracker v3 simulator: an HTTP server on its own event loops and worker threads, all released by
 * {@link #close()}. Start one with {@code Simulator.builder()...start()}.
 */
public final class Simulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final SimulatorConfig config;
  private final LoopResources loops;
  private final Scheduler workers;
  private final ServerState state;
  private final DisposableServer server;

  private Simulator(SimulatorConfig config, List<ScenarioRequest> scenarios) {
    this.config = config;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.loops = LoopResources.create("at-sim-loop", 1, threads, true);
    // bounded-elastic, not parallel: a download's pull may wait a moment for a deflate thread (GzipChunks), and
    // per-day status generation is long CPU work; neither belongs on a non-blocking scheduler
    this.workers = Schedulers.newBoundedElastic(4 * threads, 10_000, "at-sim-worker", 60, true);
    this.state = new ServerState(config, workers);
    scenarios.forEach(r -> state.catalog().addScenario(r.name(), r.spaceId(), r.start()));
    try {
      this.server = HttpServer.create()
          .host(config.host())
          .port(config.port())
          .runOn(loops)
          .handle(new Router(state))
          .bindNow(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      releaseThreads();
      throw e;
    }
    LOG.info("at-simulator listening on {} with {}", baseUrl(), config);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** {@code http://HOST:PORT}, e.g. {@code http://127.0.0.1:40123}. */
  public String baseUrl() {
    return "http://" + config.host() + ":" + port();
  }

  public SimulatorConfig config() {
    return config;
  }

  /** The same figures as {@code GET /_sim/stats}. */
  public SimStats stats() {
    return state.stats();
  }

  /** The event catalog the downloads come from. */
  public EventCatalog catalog() {
    return state.catalog();
  }

  /**
   * The exact events a session of these fields downloads, with the configured framing, shape and content faults.
   * The range follows the session rules (inclusive, at most 15 days).
   */
  public ExpectedEvents expected(String spaceId, boolean account, LocalDate start, LocalDate end, OptionalInt hour) {
    SessionQuery query = new SessionQuery(start, end, account, hour);
    return state.catalog().expected(state.spec(spaceId, query));
  }

  /**
   * Adds {@code count} (at least 1) deterministic events to that day of the space's events, or of its account's
   * ({@code accountLevel}), as late-arriving events would. Downloads, {@code GET /v3/events} and {@link #expected}
   * made afterwards include them; a download already past that day does not. Same as {@code POST /_sim/events}.
   *
   * @return the day's event count now (all hours, added events included)
   */
  public long addEvents(String spaceId, boolean accountLevel, LocalDate day, int count) {
    return state.catalog().addEvents(new Scope(Objects.requireNonNull(spaceId, "spaceId"), accountLevel), day, count);
  }

  /**
   * Adds a named scenario of fixed events (only {@code security} so far; simulator/README.md lists its events) to the
   * space's events and its account's, its first day on {@code start}. Downloads, {@code GET /v3/events} and
   * {@link #expected} made afterwards include them; adding it again changes nothing. Same as
   * {@code POST /_sim/scenario}.
   *
   * @return the scenario's events (id, scope, day, time, action, outcome)
   */
  public List<EventCatalog.ScenarioEntry> addScenario(String name, String spaceId, LocalDate start) {
    return state.catalog().addScenario(name, spaceId, start);
  }

  /**
   * Garbles every download of a session whose range holds one of {@code days} (its gzip CRC check fails, every
   * time: a poison window), replacing the days given before; none lifts the fault. Same as
   * {@code POST /_sim/poison?days=}.
   */
  public void poisonDays(java.util.Collection<LocalDate> days) {
    state.poisonDays(days);
  }

  /**
   * Every session created so far (the last {@value dev.atconnector.sim.session.SessionStore#LOG_LIMIT}), open or
   * deleted, in creation order. Same as {@code GET /_sim/sessions/log}.
   */
  public List<SessionLogEntry> sessionLog() {
    return state.sessions().log();
  }

  /** Stops accepting, closes connections and releases every thread this simulator started; waits for it. */
  @Override
  public void close() {
    try {
      server.disposeNow(STOP_TIMEOUT);
    } finally {
      releaseThreads();
      LOG.info("at-simulator on port {} stopped", server.port());
    }
  }

  private void releaseThreads() {
    // workers first, gracefully: a task finishing a response there still needs the event loops
    try {
      workers.disposeGracefully().block(STOP_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.warn("worker threads did not stop within {}; forcing", STOP_TIMEOUT, e);
      workers.dispose();
    }
    loops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT.plusSeconds(5));
    // after the workers: the downloads they were pulling used the catalog's deflate threads
    state.catalog().close();
  }

  private record ScenarioRequest(String name, String spaceId, LocalDate start) {}

  /** Options mirroring the command line; see {@code Main} for what each means. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private long seed = 42;
    private int eventsPerDay = 1000;
    private Framing framing = Framing.NDJSON;
    private RecordShape shape = RecordShape.STORED;
    private boolean multiMember;
    private int gzipLevel = 1;
    private int chunkSize = 32 * 1024;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> apiKeys = new LinkedHashMap<>();
    private Duration tokenLifetime = Duration.ofHours(12);
    private final Set<String> spaces = new LinkedHashSet<>();
    private final Set<String> noAccountAccess = new LinkedHashSet<>();
    private Faults faults = Faults.NONE;
    private Clock clock = Clock.systemUTC();
    private final List<ScenarioRequest> scenarios = new java.util.ArrayList<>();

    private Builder() {}

    /** Adds a named scenario at start, as {@link Simulator#addScenario} does afterwards. */
    public Builder scenario(String name, String spaceId, LocalDate start) {
      scenarios.add(new ScenarioRequest(requireText(name, "--scenario name"), requireText(spaceId, "--scenario space"),
          Objects.requireNonNull(start, "start")));
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder eventsPerDay(int eventsPerDay) {
      this.eventsPerDay = eventsPerDay;
      return this;
    }

    public Builder framing(Framing framing) {
      this.framing = Objects.requireNonNull(framing, "framing");
      return this;
    }

    public Builder shape(RecordShape shape) {
      this.shape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    public Builder multiMember(boolean multiMember) {
      this.multiMember = multiMember;
      return this;
    }

    public Builder gzipLevel(int gzipLevel) {
      this.gzipLevel = gzipLevel;
      return this;
    }

    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /** A static token accepted for the user. */
    public Builder token(String token, String user) {
      tokens.put(requireText(token, "--token"), requireText(user, "--token user"));
      return this;
    }

    /** An API key the token endpoint exchanges for tokens of the user. */
    public Builder apiKey(String apiKey, String user) {
      apiKeys.put(requireText(apiKey, "--api-key"), requireText(user, "--api-key user"));
      return this;
    }

    public Builder tokenLifetime(Duration tokenLifetime) {
      this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
      return this;
    }

    /** Accept only these spaces (403 for others); none given accepts all. */
    public Builder space(String spaceId) {
      spaces.add(requireText(spaceId, "--spaces"));
      return this;
    }

    /** This user gets 403 for AtAccountLevel sessions. */
    public Builder noAccountAccess(String user) {
      noAccountAccess.add(requireText(user, "--no-account-access"));
      return this;
    }

    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The clock for token expiry, the default range and session times (tests); default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SimulatorConfig config() {
      return new SimulatorConfig(host, port, seed, eventsPerDay, framing, shape, multiMember, gzipLevel, chunkSize,
          tokens, apiKeys, tokenLifetime, spaces, noAccountAccess, faults, clock);
    }

    /** Validates the options, binds and returns the running simulator. */
    public Simulator start() {
      return new Simulator(config(), List.copyOf(scenarios));
    }

    private static String requireText(String value, String option) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(option + " must not be blank");
      }
      return value;
    }
  }
}
