package dev.atconnector.ingest.metrics;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether the run can do its work: ready only while the last request to each side succeeded. A side is not ready
 * before its first answer, after a failed request (until one succeeds), and after an auth failure, which stays until
 * a success: a later connection error does not hide that the credentials are wrong. Thread-safe.
 *
 * <p>Outcomes come from the stages that make the requests; they find the run's instance through the run's
 * {@link MeterRegistry} ({@link #of}), so the stages' constructors need no extra parameter.
 */
public final class Readiness {
  private static final Map<MeterRegistry, Readiness> BY_REGISTRY = Collections.synchronizedMap(new WeakHashMap<>());

  /** What a side's last outcome was. The JSON values of {@code status}. */
  public enum State {
    UNKNOWN, UP, UNREACHABLE, AUTH_FAILED;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One side's status: its state, the HTTP status of the failure (0 if none), the failure's type, and since when. */
  public record Check(State state, int httpStatus, String error, Instant since) {}

  private final Clock clock;
  private final Map<Side, Check> checks = new EnumMap<>(Side.class);
  /** Each source's count of windows recorded as failed, read at each request (see {@link #failedWindows}). */
  private final Map<String, java.util.function.IntSupplier> failedWindows =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  public Readiness(Clock clock) {
    this.clock = clock;
    for (Side side : Side.values()) {
      checks.put(side, new Check(State.UNKNOWN, 0, "", clock.instant()));
    }
  }

  /** The readiness of the run that reports into {@code registry}; created (with its {@code at.up} gauges) on first use. */
  public static Readiness of(MeterRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, r -> new Readiness(Clock.systemUTC()).bind(r));
  }

  private Readiness bind(MeterRegistry registry) {
    for (Side side : Side.values()) {
      Gauge.builder(MeterNames.UP, this, r -> r.check(side).state() == State.UP ? 1 : 0).tag("side", side.tag())
          .description("1 while the side's last request succeeded").register(registry);
    }
    return this;
  }

  public synchronized void success(Side side) {
    if (checks.get(side).state() != State.UP) {
      checks.put(side, new Check(State.UP, 0, "", clock.instant()));
    }
  }

  /**
   * A request to {@code side} failed. {@code httpStatus} 0 means no answer; {@code error} names the failure's type
   * (a class name, never a message: messages may carry URLs or server text).
   */
  public synchronized void failure(Side side, boolean auth, int httpStatus, String error) {
    Check now = checks.get(side);
    if (!auth && now.state() == State.AUTH_FAILED) {
      return; // sticky until a success
    }
    State state = auth ? State.AUTH_FAILED : State.UNREACHABLE;
    Instant since = now.state() == state ? now.since() : clock.instant();
    checks.put(side, new Check(state, httpStatus, error, since));
  }

  /**
   * Runs a call to {@code side} (a preflight check) and records its outcome; its failure is rethrown. Whether it is
   * an auth failure is what {@link Causes} finds in it.
   */
  public void check(Side side, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      failure(side, e);
      throw e;
    }
    success(side);
  }

  /**
   * What a side's state is after a request to it ended in {@code failure}: refused credentials are
   * {@link State#AUTH_FAILED}; no answer, or a side unavailable (408, 429, 5xx), {@link State#UNREACHABLE}; any
   * other answer (a 4xx for a wrong request, an unknown session's 404) proves the side reachable with good
   * credentials: {@link State#UP}.
   */
  public static State stateAfter(Failure failure) {
    return failure.auth() ? State.AUTH_FAILED
        : !failure.answered() || failure.kind() == Kind.UNAVAILABLE ? State.UNREACHABLE : State.UP;
  }

  /** Records a request to {@code side} that ended in {@code failure} as {@link #stateAfter} says. */
  public void outcome(Side side, Failure failure, String error) {
    switch (stateAfter(failure)) {
      case UP -> success(side);
      case AUTH_FAILED -> failure(side, true, failure.status(), error);
      default -> failure(side, false, failure.status(), error);
    }
  }

  /** A request to {@code side} failed with {@code failure}: auth or not, and its status, as {@link Causes} finds. */
  public void failure(Side side, Throwable failure) {
    Failure f = Causes.of(failure, side.remote());
    failure(side, f.auth(), Causes.statusOrZero(failure), rootType(failure));
  }

  /** The HTTP status a failure carries at any depth, 0 if it got no answer ({@link Causes#status}). */
  public static int httpStatus(Throwable failure) {
    return Causes.statusOrZero(failure);
  }

  /** The type of the deepest cause, e.g. {@code ConnectException}: names what failed, carries no text. */
  public static String rootType(Throwable failure) {
    return Causes.root(failure).getClass().getSimpleName();
  }

  public synchronized Check check(Side side) {
    return checks.get(side);
  }

  public synchronized boolean ready() {
    return checks.values().stream().allMatch(c -> c.state() == State.UP);
  }

  /**
   * Reports the windows of {@code source} recorded as failed ({@code --errors-tolerance window}) in the readiness
   * body. They do not make the process unready: it can still do its work (later windows go on, and reading the
   * same bytes again will not help), so an orchestrator must not restart it for them; the count is for humans and
   * alerts ({@code at.windows.failed}). {@code count} is read at each request: keep it cheap.
   */
  public void failedWindows(String source, java.util.function.IntSupplier count) {
    failedWindows.put(source, count);
  }

  /**
   * The body of {@code /health/ready}: {@code {"status":"ready|not_ready","checks":{...},"failed_windows":N}},
   * plus {@code "failed_windows_by_source":{...}} listing the sources that have any.
   */
  public String json() {
    // read outside this object's lock: the counts come from the checkpoints, which have locks of their own
    Map<String, Integer> failed = new java.util.TreeMap<>();
    failedWindows.forEach((source, count) -> failed.put(source, count.getAsInt()));
    return json(failed);
  }

  private synchronized String json(Map<String, Integer> failed) {
    StringBuilder b = new StringBuilder(256).append("{\"status\":\"").append(ready() ? "ready" : "not_ready")
        .append("\",\"checks\":{");
    String sep = "";
    for (Side side : Side.values()) {
      Check c = checks.get(side);
      b.append(sep).append('"').append(side.check()).append("\":{\"status\":\"").append(c.state().json())
          .append("\",\"reason\":\"").append(reason(side, c)).append('"');
      if (c.httpStatus() > 0) {
        b.append(",\"http_status\":").append(c.httpStatus());
      }
      if (!c.error().isEmpty()) {
        b.append(",\"error\":\"").append(c.error().replaceAll("[^A-Za-z0-9_.$]", "")).append('"');
      }
      b.append(",\"since\":\"").append(c.since()).append("\"}");
      sep = ",";
    }
    b.append("},\"failed_windows\":").append(failed.values().stream().mapToInt(Integer::intValue).sum());
    String bySource = failed.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> "\"" + e.getKey().replaceAll("[^A-Za-z0-9_.-]", "") + "\":" + e.getValue())
        .collect(java.util.stream.Collectors.joining(","));
    if (!bySource.isEmpty()) {
      b.append(",\"failed_windows_by_source\":{").append(bySource).append('}');
    }
    return b.append('}').toString();
  }

  private static String reason(Side side, Check c) {
    String what = side == Side.SINK ? "Elasticsearch" : "Activity Tracker";
    return switch (c.state()) {
      case UNKNOWN -> "no request to " + what + " yet";
      case UP -> "the last request to " + what + " succeeded";
      case UNREACHABLE -> what + " is unreachable or failing"
          + (c.httpStatus() > 0 ? " (HTTP " + c.httpStatus() + ")" : "");
      case AUTH_FAILED -> what + " refused the credentials (HTTP " + c.httpStatus() + "): check them";
    };
  }
}
