package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.retry.RetryBackoff;
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

  // hidden: a test suite sits through every backoff of its fault cases; users keep the schedules of docs/errors.md
  @Option(names = "--backoff-scale", paramLabel = "FACTOR", defaultValue = "1", hidden = true,
      description = "tests only: multiplies the retry backoffs of the source and of the bulk requests, more than 0 "
          + "and at most 1 (default ${DEFAULT-VALUE}); a server's Retry-After and --es-retry-max-time stay as they "
          + "are (AT_BACKOFF_SCALE)")
  double backoffScale = 1;

  /** The factor of every retry backoff of the run (1: the documented schedules). */
  double backoffScale() {
    return Settings.backoffScale(backoffScale, RunSettings.BACKOFF_SCALE);
  }

  /** {@code sink} with the outage budget of these flags, its backoffs scaled by {@link #backoffScale()}. */
  SinkOptions apply(SinkOptions sink) {
    Duration budget = esRetryMaxTime == null ? SinkOptions.DEFAULT_RETRY_MAX_TIME
        : Settings.positive(esRetryMaxTime, "--es-retry-max-time (ES_RETRY_MAX_TIME)");
    double scale = backoffScale();
    return new SinkOptions(sink.maxDocs(), sink.maxBytes(), sink.maxConcurrentRequests(), sink.flushInterval(),
        sink.deadLetterIndex(), RetryBackoff.scaled(sink.retryInitial(), scale),
        RetryBackoff.scaled(sink.retryMax(), scale), sink.maxRetries(), budget);
  }
}
