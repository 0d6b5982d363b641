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
 * @param maxRetries give up (sink failure) after this many retries of the same items or request
 */
public record SinkOptions(
    int maxDocs,
    long maxBytes,
    int maxConcurrentRequests,
    Duration flushInterval,
    String deadLetterIndex,
    Duration retryInitial,
    Duration retryMax,
    int maxRetries) {
  public SinkOptions {
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(deadLetterIndex, "deadLetterIndex");
    Objects.requireNonNull(retryInitial, "retryInitial");
    Objects.requireNonNull(retryMax, "retryMax");
    if (maxDocs <= 0 || maxBytes <= 0 || maxConcurrentRequests <= 0 || maxRetries < 0) {
      throw new IllegalArgumentException("sink sizes must be strictly positive");
    }
  }

  public static SinkOptions defaults(String deadLetterIndex) {
    return new SinkOptions(
        2000, 5L * 1024 * 1024, 2, Duration.ofSeconds(1), deadLetterIndex, Duration.ofMillis(200),
        Duration.ofSeconds(30), 8);
  }
}
