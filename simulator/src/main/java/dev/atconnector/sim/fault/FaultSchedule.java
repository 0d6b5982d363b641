package dev.atconnector.sim.fault;

import dev.atconnector.sim.Faults;
import dev.atconnector.sim.server.ApiError;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults answered instead of an API call: 503 for the first N creates (and deletes), 429 on every N-th call, 500/503 at a
 * rate. Deterministic: the n-th API call (counted from 1 over all /v3 calls) always gets the same answer for the
 * same seed and options, whatever the timing.
 */
public final class FaultSchedule {
  private final Faults faults;
  private final long seed;
  private final FaultCounters counters;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong creates = new AtomicLong();
  private final AtomicLong deletes = new AtomicLong();

  public FaultSchedule(Faults faults, long seed, FaultCounters counters) {
    this.faults = faults;
    this.seed = seed;
    this.counters = counters;
  }

  /**
   * Counts one API call and throws the fault it gets, if any.
   *
   * @param create true for a session create
   */
  public void beforeCall(boolean create) {
    long call = calls.incrementAndGet();
    long createNumber = create ? creates.incrementAndGet() : 0;
    Optional<ApiError> fault = decide(call, createNumber);
    if (fault.isPresent()) {
      throw fault.get();
    }
  }

  /** Counts one session delete (after {@link #beforeCall}) and throws 503 for the first {@code failDeletes}. */
  public void beforeDelete() {
    long n = deletes.incrementAndGet();
    if (n <= faults.failDeletes()) {
      counters.served(FaultCounters.FAIL_DELETES);
      throw ApiError.of(503, "service_unavailable",
          "simulated fault: session delete " + n + " of the first " + faults.failDeletes() + " fails");
    }
  }

  /**
   * The fault for the call-th API call, which is the createNumber-th create (0 if not a create). Counts a served
   * fault.
   */
  Optional<ApiError> decide(long call, long createNumber) {
    if (createNumber > 0 && createNumber <= faults.failCreates()) {
      counters.served(FaultCounters.FAIL_CREATES);
      return Optional.of(ApiError.of(503, "service_unavailable",
          "simulated fault: session create " + createNumber + " of the first " + faults.failCreates() + " fails"));
    }
    if (faults.throttleEvery() > 0 && call % faults.throttleEvery() == 0) {
      counters.served(FaultCounters.THROTTLE);
      return Optional.of(ApiError.of(429, "rate_limited", "simulated rate limit: retry after "
          + faults.retryAfterSeconds() + " s").retryAfter(faults.retryAfterSeconds()));
    }
    if (faults.failRate() > 0) {
      long bits = mix(seed ^ mix(call));
      double uniform = (bits >>> 11) * 0x1.0p-53;
      if (uniform < faults.failRate()) {
        counters.served(FaultCounters.FAIL_RATE);
        boolean unavailable = (bits & 1) == 0;
        return Optional.of(ApiError.of(unavailable ? 503 : 500,
            unavailable ? "service_unavailable" : "internal_error", "simulated fault (--fail-rate) on call " + call));
      }
    }
    return Optional.empty();
  }

  /** SplitMix64's finaliser: a well-spread 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
