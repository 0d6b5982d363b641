package dev.atconnector.ingest.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * How documents are batched and sent.
 *
 * @param maxDocs a batch is sent when it holds this many operations
 * @param maxBytes ... or when its estimated body reaches this many bytes
 * @param maxConcurrentRequests bulk requests in flight at once (1-2 is right for one connector)
 * @param flushInterval a partial batch is sent after this long without filling
 * @param deadLetterIndex where rejected and malformed records go, e.g. {@code activity-tracker-dead-letter}
 * @param retryInitial first backoff before retrying failed items (full jitter, doubling)
 * @param retryMax cap of one backoff
 * @param maxRetries retries of the same items or request that are always allowed
 * @param retryMaxTime the outage budget: a batch gives up (sink failure) only once it was retried {@code
 *     maxRetries} times <em>and</em> this long has passed since its first failure, so an Elasticsearch restart
 *     of a few minutes is waited out while a short blip still ends after {@code maxRetries} (zero: count only).
 *     See docs/errors.md.
 */
public record SinkOptions(
    int maxDocs,
    long maxBytes,
    int maxConcurrentRequests,
    Duration flushInterval,
    String deadLetterIndex,
    Duration retryInitial,
    Duration retryMax,
    int maxRetries,
    Duration retryMaxTime) {
  /** The default outage budget (--es-retry-max-time). */
  public static final Duration DEFAULT_RETRY_MAX_TIME = Duration.ofMinutes(5);

  public SinkOptions {
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(retryMaxTime, "retryMaxTime");
    if (retryMaxTime.isNegative()) {
      throw new IllegalArgumentException("retryMaxTime must not be negative, got " + retryMaxTime);
    }
    Objects.requireNonNull(deadLetterIndex, "deadLetterIndex");
    Objects.requireNonNull(retryInitial, "retryInitial");
    Objects.requireNonNull(retryMax, "retryMax");
    if (maxDocs <= 0 || maxBytes <= 0 || maxConcurrentRequests <= 0 || maxRetries < 0) {
      throw new IllegalArgumentException("sink sizes must be strictly positive");
    }
  }

  /** Options bounded by retry count only (no outage budget). */
  public SinkOptions(int maxDocs, long maxBytes, int maxConcurrentRequests, Duration flushInterval,
      String deadLetterIndex, Duration retryInitial, Duration retryMax, int maxRetries) {
    this(maxDocs, maxBytes, maxConcurrentRequests, flushInterval, deadLetterIndex, retryInitial, retryMax,
        maxRetries, Duration.ZERO);
  }

  public static SinkOptions defaults(String deadLetterIndex) {
    return new SinkOptions(
        2000, 5L * 1024 * 1024, 2, Duration.ofSeconds(1), deadLetterIndex, Duration.ofMillis(200),
        Duration.ofSeconds(30), 8, DEFAULT_RETRY_MAX_TIME);
  }

  /** These options with another outage budget. */
  public SinkOptions withRetryMaxTime(Duration value) {
    return new SinkOptions(maxDocs, maxBytes, maxConcurrentRequests, flushInterval, deadLetterIndex, retryInitial,
        retryMax, maxRetries, value);
  }
}
