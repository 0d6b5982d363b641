package dev.atconnector.ingest.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Retries of Activity Tracker calls: only {@link SourceException#retryable()} failures, honouring the server's
 * Retry-After, else capped full-jitter exponential backoff; a bounded number of attempts (the lessons' baseline: 5).
 */
public final class SourceRetry {
  private final int maxRetries;
  private final Duration initial;
  private final Duration max;
  private final Scheduler scheduler;
  private final Consumer<Throwable> onRetry;

  public SourceRetry(int maxRetries, Duration initial, Duration max, Scheduler scheduler) {
    this(maxRetries, initial, max, scheduler, failure -> { });
  }

  private SourceRetry(int maxRetries, Duration initial, Duration max, Scheduler scheduler,
      Consumer<Throwable> onRetry) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    this.maxRetries = maxRetries;
    this.initial = initial;
    this.max = max;
    this.scheduler = scheduler;
    this.onRetry = onRetry;
  }

  /** The same policy, telling {@code listener} of each failure it retries (the {@code at.retries} meter). */
  public SourceRetry onRetry(Consumer<Throwable> listener) {
    return new SourceRetry(maxRetries, initial, max, scheduler, listener);
  }

  public static SourceRetry defaults() {
    return new SourceRetry(5, Duration.ofMillis(500), Duration.ofSeconds(30), Schedulers.parallel());
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** A Reactor retry spec applying this policy; {@code what} names the call in the log line. */
  public Retry spec(String what, org.slf4j.Logger log) {
    return Retry.from(signals -> signals.concatMap(rs -> {
      Throwable failure = rs.failure();
      if (!(failure instanceof SourceException se) || !se.retryable() || rs.totalRetries() >= maxRetries) {
        return Mono.error(failure);
      }
      Duration delay = se.retryAfter().orElseGet(() -> backoff(rs.totalRetries()));
      onRetry.accept(failure);
      log.warn("{} failed ({}), retry {}/{} in {} ms", what, failure.getMessage(), rs.totalRetries() + 1,
          maxRetries, delay.toMillis());
      return Mono.delay(delay, scheduler);
    }));
  }

  /** Full jitter: uniform in [0, min(max, initial * 2^attempt)]. */
  public Duration backoff(long attempt) {
    long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
  }
}
