package dev.atconnector.ingest.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Checkpoint, lease and follow settings of an ingest run.
 *
 * @param index the checkpoint index ({@code --checkpoint-index})
 * @param leaseTtl how long a lease lasts without renewal; renewed every third of it ({@code --lease-ttl})
 * @param follow keep polling the recent days after catching up ({@code --follow})
 * @param pollInterval time between two follow passes ({@code --poll-interval})
 * @param lag how late events may still arrive: days touched by {@code now - lag} stay open ({@code --lag})
 * @param reread read the whole range even where the checkpoint says it is done ({@code --reread})
 * @param errorsTolerance what a window whose content fails on every attempt does ({@code --errors-tolerance})
 * @param retryFailed read only the windows the checkpoint records as failed ({@code --retry-failed})
 */
public record CheckpointSettings(String index, Duration leaseTtl, boolean follow, Duration pollInterval,
    Duration lag, boolean reread, ErrorsTolerance errorsTolerance, boolean retryFailed) {
  /** The default checkpoint index, also {@code --checkpoint-index} / {@code AT_CHECKPOINT_INDEX}. */
  public static final String DEFAULT_INDEX = "at-connector-checkpoints";
  public static final CheckpointSettings DEFAULTS = new CheckpointSettings(DEFAULT_INDEX,
      Duration.ofMinutes(2), false, Duration.ofMinutes(15), Duration.ofHours(1), false);

  /** Settings that tolerate failed windows ({@link ErrorsTolerance#WINDOW}, the default) and read the range. */
  public CheckpointSettings(String index, Duration leaseTtl, boolean follow, Duration pollInterval, Duration lag,
      boolean reread) {
    this(index, leaseTtl, follow, pollInterval, lag, reread, ErrorsTolerance.WINDOW, false);
  }

  public CheckpointSettings {
    Objects.requireNonNull(index, "index");
    if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new ConfigException("--lease-ttl (AT_LEASE_TTL) " + leaseTtl + " is too short: give at least 3s");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new ConfigException("--poll-interval (AT_POLL_INTERVAL) must be positive, e.g. 5m");
    }
    if (lag.isNegative()) {
      throw new ConfigException("--lag (AT_LAG) must not be negative, e.g. 1h or 0s");
    }
    Objects.requireNonNull(errorsTolerance, "errorsTolerance");
    if (retryFailed && follow) {
      throw new ConfigException("--retry-failed (AT_RETRY_FAILED) reads the failed windows once and ends; it cannot "
          + "be combined with --follow (AT_FOLLOW): run it on its own, the follow processes continue meanwhile");
    }
    if (retryFailed && reread) {
      throw new ConfigException("--retry-failed (AT_RETRY_FAILED) reads only the failed windows, --reread (AT_REREAD) "
          + "the whole range (clearing the failed windows it reads): give one of them");
    }
  }
}
