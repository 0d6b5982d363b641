package dev.atconnector.ingest.source;

import dev.atconnector.ingest.retry.RetryBackoff;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The source side's one retry policy (docs/errors.md, "source"): only {@link SourceException#retryable()} failures
 * (connection errors, 408, 429, 5xx, cut or corrupt downloads) are retried; the server's Retry-After is honoured up
 * to {@link #RETRY_AFTER_CAP}, else capped full-jitter exponential backoff; at most {@code maxRetries} retries, then
 * the last failure ends the call (and so the window) with its status and the server's message, and the attempts.
 */
public final class SourceRetry {
  /** A Retry-After beyond this is cut to it: a window must not hang on one header. */
  public static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(60);

  private final int maxRetries;
  private final RetryBackoff backoff;
  private final Scheduler scheduler;
  private final Consumer<Throwable> onRetry;

  public SourceRetry(int maxRetries, Duration initial, Duration max, Scheduler scheduler) {
    this(maxRetries, initial, max, scheduler, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random uniform in [0, 1); injectable so tests can pin the jitter
   */
  SourceRetry(int maxRetries, Duration initial, Duration max, Scheduler scheduler, DoubleSupplier random) {
    this(maxRetries, new RetryBackoff(initial, max, random), scheduler, failure -> { });
  }

  private SourceRetry(int maxRetries, RetryBackoff backoff, Scheduler scheduler, Consumer<Throwable> onRetry) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    this.maxRetries = maxRetries;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.onRetry = Objects.requireNonNull(onRetry, "onRetry");
  }

  /** The same policy, telling {@code listener} of each failure it retries (the {@code at.retries} meter). */
  public SourceRetry onRetry(Consumer<Throwable> listener) {
    return new SourceRetry(maxRetries, backoff, scheduler, listener);
  }

  /** Five retries (the lessons' baseline), 500 ms doubling up to 30 s. */
  public static SourceRetry defaults() {
    return defaults(1);
  }

  /**
   * As {@link #defaults()} with both backoff bounds times {@code scale} (the hidden {@code --backoff-scale}, tests
   * only); Retry-After is the server's and stays as it is.
   */
  public static SourceRetry defaults(double scale) {
    return new SourceRetry(5, RetryBackoff.scaled(Duration.ofMillis(500), scale),
        RetryBackoff.scaled(Duration.ofSeconds(30), scale), Schedulers.parallel());
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** Runs the backoff delays (a virtual-time scheduler in tests). */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** A Reactor retry spec applying this policy; {@code what} names the call in the log line. */
  public Retry spec(String what, org.slf4j.Logger log) {
    return Retry.from(signals -> signals.concatMap(rs -> {
      Throwable failure = rs.failure();
      if (!(failure instanceof SourceException se) || !se.retryable()) {
        return Mono.error(failure);
      }
      if (rs.totalRetries() >= maxRetries) {
        return Mono.error(se.gaveUp(rs.totalRetries() + 1));
      }
      Duration delay = delay(se, rs.totalRetries());
      onRetry.accept(failure);
      log.warn("{} failed ({}), retry {}/{} in {} ms", what, failure.getMessage(), rs.totalRetries() + 1,
          maxRetries, delay.toMillis());
      return Mono.delay(delay, scheduler);
    }));
  }

  /** The wait before retry {@code attempt + 1} (0-based attempt) after {@code failure}. */
  public Duration delay(SourceException failure, long attempt) {
    return failure.retryAfter()
        .map(d -> d.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : d)
        .orElseGet(() -> backoff(attempt));
  }

  /** The house's {@link RetryBackoff} after (0-based) attempt {@code attempt}: uniform in [0, ceiling]. */
  public Duration backoff(long attempt) {
    return backoff.delay(attempt + 1);
  }

  /** The backoff's upper bound after a (0-based) attempt, before jitter: min(max, initial * 2^attempt). */
  public Duration ceiling(long attempt) {
    return backoff.ceiling(attempt + 1);
  }
}
