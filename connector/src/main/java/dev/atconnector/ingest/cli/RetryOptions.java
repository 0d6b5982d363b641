package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.sink.SinkOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to wait out a failing side before the run fails (docs/errors.md). */
final class RetryOptions {
  @Option(names = "--es-retry-max-time", paramLabel = "DURATION", defaultValue = "5m",
      converter = DurationConverter.class,
      description = "how long a bulk request keeps retrying while Elasticsearch is unreachable or overloaded "
          + "(a restart), after its first 8 retries, before the run fails (default ${DEFAULT-VALUE}) "
          + "(ES_RETRY_MAX_TIME)")
  Duration esRetryMaxTime;

  /** {@code sink} with the outage budget of these flags. */
  SinkOptions apply(SinkOptions sink) {
    Duration budget = esRetryMaxTime == null ? SinkOptions.DEFAULT_RETRY_MAX_TIME
        : Settings.positive(esRetryMaxTime, "--es-retry-max-time (ES_RETRY_MAX_TIME)");
    return sink.withRetryMaxTime(budget);
  }
}
