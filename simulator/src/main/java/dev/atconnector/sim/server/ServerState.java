package dev.atconnector.sim.server;

import dev.atconnector.sim.SimStats;
import dev.atconnector.sim.SimulatorConfig;
import dev.atconnector.sim.auth.TokenStore;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Scope;
import dev.atconnector.sim.fault.DownloadFaults;
import dev.atconnector.sim.fault.FaultCounters;
import dev.atconnector.sim.fault.FaultSchedule;
import dev.atconnector.sim.session.Session;
import dev.atconnector.sim.session.SessionQuery;
import dev.atconnector.sim.session.SessionStore;
import dev.atconnector.sim.session.Times;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import reactor.core.scheduler.Scheduler;

/**
 * Everything the handlers share: the configuration, the event catalog, tokens, sessions, fault state, counters, and
 * the scheduler that compresses downloads and paces them (never the event loop). Thread-safe.
 */
public final class ServerState {
  private final SimulatorConfig config;
  private final EventCatalog catalog;
  private final TokenStore tokens;
  private final SessionStore sessions;
  private final FaultCounters faultCounters = new FaultCounters();
  private final FaultSchedule faultSchedule;
  private final DownloadFaults downloadFaults;
  private final AtomicInteger garbled = new AtomicInteger();
  private final java.util.Set<LocalDate> poisonDays = new java.util.concurrent.ConcurrentSkipListSet<>();
  private final DownloadCounters downloads = new DownloadCounters();
  private final Scheduler workers;

  public ServerState(SimulatorConfig config, Scheduler workers) {
    this.config = config;
    this.workers = workers;
    this.catalog = new EventCatalog(config.seed(), config.eventsPerDay());
    this.tokens = new TokenStore(config.tokens(), config.apiKeys(), config.tokenLifetime(), config.clock());
    this.sessions = new SessionStore(config.clock(), config.faults().retryAfterSeconds());
    this.faultSchedule = new FaultSchedule(config.faults(), config.seed(), faultCounters);
    this.downloadFaults = new DownloadFaults(config.faults());
  }

  public SimulatorConfig config() {
    return config;
  }

  public EventCatalog catalog() {
    return catalog;
  }

  public TokenStore tokens() {
    return tokens;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public FaultCounters faultCounters() {
    return faultCounters;
  }

  public FaultSchedule faultSchedule() {
    return faultSchedule;
  }

  public DownloadFaults downloadFaults() {
    return downloadFaults;
  }

  public DownloadCounters downloads() {
    return downloads;
  }

  public Scheduler workers() {
    return workers;
  }

  /** Today, as a UTC day of the simulator's clock. */
  public LocalDate today() {
    return LocalDate.ofInstant(config.clock().instant(), ZoneOffset.UTC);
  }

  /** The days whose downloads are garbled from now on (empty: none), replacing the earlier ones. */
  public void poisonDays(java.util.Collection<LocalDate> days) {
    poisonDays.clear();
    poisonDays.addAll(days);
  }

  public java.util.SortedSet<LocalDate> poisonDays() {
    return new java.util.TreeSet<>(poisonDays);
  }

  /** Whether a download of {@code query} holds a poison day: then it is garbled, every time. */
  boolean poisoned(SessionQuery query) {
    return poisonDays.stream().anyMatch(d -> !d.isBefore(query.start()) && !d.isAfter(query.end()));
  }

  /** Whether the download starting now is one of the first {@code garbleDownloads} (claims it if so). */
  boolean claimGarble() {
    int limit = config.faults().garbleDownloads();
    return limit > 0 && garbled.incrementAndGet() <= limit;
  }

  /** The exact download of a query in a scope, with the configured framing, shape and content faults. */
  public DownloadSpec spec(String space, SessionQuery query) {
    return new DownloadSpec(new Scope(space, query.accountLevel()), query.start(), query.end(), query.hour(),
        config.framing(), config.shape(), config.multiMember(), config.faults().malformedEvery(),
        config.faults().corruptGzip());
  }

  /** The stats now. */
  public SimStats stats() {
    Instant now = config.clock().instant();
    List<SimStats.OpenSession> open = sessions.all().stream()
        .map(s -> openSession(s, now))
        .collect(Collectors.toList());
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new SimStats(new SimStats.Sessions(sessions.created(), sessions.deleted(), open), downloads.snapshot(),
        faultCounters.snapshot(), new SimStats.Jvm(heap.getUsed(), heap.getMax()));
  }

  private static SimStats.OpenSession openSession(Session s, Instant now) {
    long age = Math.max(0, Duration.between(s.createTime(), now).toSeconds());
    return new SimStats.OpenSession(s.id(), s.space(), s.user(), age, Times.format(s.accessTime()), s.downloads());
  }
}
