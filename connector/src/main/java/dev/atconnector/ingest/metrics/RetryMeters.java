package dev.atconnector.ingest.metrics;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.failure.Classified;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code at.retries} by side and reason. Every (side, reason) pair is registered up front, so a dashboard shows a
 * zero rather than a gap, and the set of series is fixed (2 x 8). Registering again on the same registry returns the
 * same counters, so the source and sink stages can each build one.
 */
public final class RetryMeters {
  private final Map<Side, Map<RetryReason, Counter>> counters = new EnumMap<>(Side.class);

  public RetryMeters(MeterRegistry registry) {
    for (Side side : Side.values()) {
      Map<RetryReason, Counter> bySide = new EnumMap<>(RetryReason.class);
      for (RetryReason reason : RetryReason.values()) {
        bySide.put(reason, Counter.builder(MeterNames.RETRIES).tag("side", side.tag()).tag("reason", reason.tag())
            .description("requests sent again, by side and reason").register(registry));
      }
      counters.put(side, bySide);
    }
  }

  public void retried(Side side, RetryReason reason) {
    counters.get(side).get(reason).increment();
  }

  /** A source call or download is tried again after {@code failure}. */
  public void sourceRetried(Throwable failure) {
    retried(Side.SOURCE, sourceReason(failure));
  }

  /** The reason for a source failure: by status, a download that would not decode is bad data. */
  public static RetryReason sourceReason(Throwable failure) {
    if (failure instanceof Classified c) {
      int status = c.failure().status();
      if (status == 0 && failure.getCause() instanceof DecodeException) {
        return RetryReason.BAD_DATA;
      }
      return RetryReason.ofStatus(status);
    }
    return RetryReason.OTHER;
  }
}
