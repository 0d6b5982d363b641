package dev.atconnector.ingest.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of the house (the sink's bulk retries, its re-read lookups, the source's calls and download
 * resumes): capped exponential backoff with full jitter. Retry {@code n} (1-based) waits a uniformly random time in
 * {@code [0, min(max, initial * 2^(n-1))]}. Full jitter spreads the retries of many clients hitting the same
 * overloaded service (AWS architecture blog, "Exponential Backoff And Jitter"). Which failures are retried, and how
 * often, is the caller's policy; this is only the delay.
 */
public final class RetryBackoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /** With a thread-local uniform jitter source. */
  public RetryBackoff(Duration initial, Duration max) {
    this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random uniform in [0, 1); injectable so tests can pin the jitter
   */
  public RetryBackoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (initial.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff durations must not be negative, got initial " + initial
          + " and max " + max);
    }
  }

  /**
   * {@code d} times {@code scale} (the hidden {@code --backoff-scale}, tests only: more than 0, at most 1), at least a
   * millisecond: the one scaling of the source's and the sink's backoffs.
   */
  public static Duration scaled(Duration d, double scale) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("scale must be more than 0 and at most 1, got " + scale);
    }
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(d.toNanos() * scale)));
  }

  /** The ceiling of retry {@code retry} (1-based) before jitter. */
  public Duration ceiling(long retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry is 1-based, got " + retry);
    }
    long initialNanos = initial.toNanos();
    long maxNanos = max.toNanos();
    // Shift stops before overflow: past 2^62 the cap has long since applied.
    int shift = (int) Math.min(retry - 1, 62);
    long ceiling = initialNanos > (maxNanos >> shift) ? maxNanos : initialNanos << shift;
    return Duration.ofNanos(Math.min(ceiling, maxNanos));
  }

  /** The delay before retry {@code retry} (1-based). */
  public Duration delay(long retry) {
    double r = random.getAsDouble();
    if (r < 0 || r >= 1) {
      throw new IllegalStateException("jitter source must be in [0, 1), got " + r);
    }
    return Duration.ofNanos((long) (ceiling(retry).toNanos() * r));
  }
}
