package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.config.CheckpointSettings;
import dev.atconnector.ingest.config.ErrorsTolerance;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code ingest}'s checkpoint, lease and follow flags. */
final class CheckpointOptions {
  @Option(names = "--checkpoint-index", paramLabel = "INDEX", defaultValue = CheckpointStore.DEFAULT_INDEX,
      description = "index of the checkpoints, one document per source (default ${DEFAULT-VALUE}) "
          + "(AT_CHECKPOINT_INDEX)")
  String index;

  @Option(names = "--reread", negatable = false,
      description = "read the whole --start..--end range even where the checkpoint says it is done (AT_REREAD)")
  boolean reread;

  @Option(names = "--errors-tolerance", paramLabel = "none|window", defaultValue = "window",
      converter = ToleranceConverter.class,
      description = "a window whose content fails on every attempt (a download that never decodes, damage that "
          + "stays): 'window' records it as failed in the checkpoint and goes on with the later windows (exit 7 at "
          + "the end), 'none' stops the run there (exit 4) (default ${DEFAULT-VALUE}) (AT_ERRORS_TOLERANCE)")
  ErrorsTolerance errorsTolerance;

  @Option(names = "--retry-failed", negatable = false,
      description = "read again only the windows the checkpoint records as failed (whatever --start/--end), clear "
          + "those that succeed, and end (AT_RETRY_FAILED)")
  boolean retryFailed;

  @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "a run holds its source this long without renewing (renews every third) (default "
          + "${DEFAULT-VALUE}) (AT_LEASE_TTL)")
  Duration leaseTtl;

  @Option(names = "--follow", negatable = false,
      description = "after catching up, keep reading the recent days every --poll-interval until stopped "
          + "(AT_FOLLOW)")
  boolean follow;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "15m",
      converter = DurationConverter.class,
      description = "time between two --follow passes; each re-reads the still-open days in a new session when "
          + "the service's status of them changed (default ${DEFAULT-VALUE}) (AT_POLL_INTERVAL)")
  Duration pollInterval;

  @Option(names = "--lag", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
      description = "how late events may still arrive: the days touched by now-lag..now are read again and not "
          + "checkpointed as done (default ${DEFAULT-VALUE}) (AT_LAG)")
  Duration lag;

  CheckpointSettings settings() {
    if (index == null || index.isBlank() || !index.equals(index.toLowerCase(java.util.Locale.ROOT))
        || index.startsWith("_") || index.startsWith("-") || index.matches(".*[\\\\/*?\"<>| ,#:].*")) {
      throw new dev.atconnector.ingest.config.ConfigException("--checkpoint-index (AT_CHECKPOINT_INDEX) '" + index
          + "' is not a valid Elasticsearch index name: use lowercase letters, digits, '-', '_' or '.'");
    }
    return new CheckpointSettings(index, leaseTtl, follow, pollInterval, lag, reread,
        errorsTolerance == null ? ErrorsTolerance.WINDOW : errorsTolerance, retryFailed);
  }

  /** {@code none|window}, any case; anything else names the option and the values. */
  static final class ToleranceConverter implements CommandLine.ITypeConverter<ErrorsTolerance> {
    @Override
    public ErrorsTolerance convert(String value) {
      try {
        return ErrorsTolerance.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("--errors-tolerance (AT_ERRORS_TOLERANCE) '" + value
            + "' is not one of none, window");
      }
    }
  }
}
