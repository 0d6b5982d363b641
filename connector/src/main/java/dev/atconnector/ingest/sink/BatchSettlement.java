package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.retry.RetryBackoff;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Settles one batch (retry policy: docs/errors.md, "Sink"): sends it, classifies every item
 * ({@link BulkItemClassifier}), retries only what is worth retrying, dead-letters what Elasticsearch rejected, and ends with a {@link BatchResult} in which every operation
 * of the batch is counted exactly once, or with a {@link SinkException}. Rounds of one batch run one after another.
 */
final class BatchSettlement {
  private static final Logger log = LoggerFactory.getLogger(BatchSettlement.class);
  /** How much of a too-large record a dead letter keeps, so that the dead letter itself fits a request. */
  static final int TOO_LARGE_KEEP_CHARS = 64 * 1024;

  private final ElasticsearchAsyncClient client;
  private final SinkOptions options;
  private final BulkMeters meters;
  private final RetryBackoff backoff;
  private final Scheduler scheduler;
  private final DeadLetterDocs deadLetters;
  private final String target;
  private final Optional<String> pipeline;
  private final ExistingIds existing;
  private final BodySegments segments = new BodySegments();

  BatchSettlement(
      ElasticsearchAsyncClient client, SinkOptions options, BulkMeters meters, RetryBackoff backoff,
      Scheduler scheduler, DeadLetterDocs deadLetters, String target) {
    this(client, options, meters, backoff, scheduler, deadLetters, target, Optional.empty(), ExistingIds.none());
  }

  /**
   * @param pipeline the ingest pipeline event documents go through (never dead letters)
   * @param existing which documents are looked up before they are written (re-reads on a data stream)
   */
  BatchSettlement(
      ElasticsearchAsyncClient client, SinkOptions options, BulkMeters meters, RetryBackoff backoff,
      Scheduler scheduler, DeadLetterDocs deadLetters, String target, Optional<String> pipeline,
      ExistingIds existing) {
    this.pipeline = pipeline;
    this.existing = existing;
    this.client = client;
    this.options = options;
    this.meters = meters;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.deadLetters = deadLetters;
    this.target = target;
  }

  Mono<BatchResult> settle(List<BulkItem> batch) {
    return Mono.defer(() -> {
      BatchTally tally = new BatchTally(meters);
      return existing.existing(batch).flatMap(stored -> {
        if (stored.isEmpty()) {
          return send(batch, 0, tally);
        }
        List<BulkItem> rest = new ArrayList<>(batch.size());
        for (BulkItem item : batch) {
          if (!item.isDeadLetter() && stored.contains(item.id())) {
            tally.duplicate(item); // stored in an older backing index: create would not see it
          } else {
            rest.add(item);
          }
        }
        return rest.isEmpty() ? Mono.<Void>empty() : send(rest, 0, tally);
      }).then(Mono.fromSupplier(tally::result));
    });
  }

  /** The answer to one bulk request: a response, or the failure of the whole request. */
  private record Answer(RawBulk.Answer response, Throwable failure) {}

  private Mono<Void> send(List<BulkItem> items, int retries, BatchTally tally) {
    return Mono.defer(() -> {
      long bytes = 0;
      for (BulkItem item : items) {
        bytes += item.estimatedBytes();
      }
      tally.bytes += bytes;
      meters.bytes.record(bytes);
      meters.docs.record(items.size());
      Timer.Sample sample = meters.startTimer();
      return Mono.fromFuture(() -> RawBulk.send(client, items, pipeline, segments))
          .map(response -> new Answer(response, null))
          .onErrorResume(failure -> Mono.just(new Answer(null, failure)))
          .flatMap(answer -> {
            sample.stop(meters.duration);
            return answer.failure() == null
                ? onResponse(items, answer.response(), retries, tally)
                : onFailure(items, answer.failure(), retries, tally);
          });
    });
  }

  private Mono<Void> onResponse(List<BulkItem> items, RawBulk.Answer response, int retries, BatchTally tally) {
    meters.answered();
    if (response.size() != items.size()) {
      return Mono.error(new SinkException("Elasticsearch answered " + response.size() + " bulk items for "
          + items.size() + " operations; cannot tell which were stored", false, null));
    }
    List<BulkItem> retry = new ArrayList<>();
    List<BulkItem> rejected = new ArrayList<>();
    String lastRetryReason = null;
    int lastRetryStatus = 0;
    String firstRejection = null;
    Mono<Void> failed = null;
    for (int i = 0; i < items.size() && failed == null; i++) {
      BulkItem item = items.get(i);
      int status = response.status()[i];
      RawBulk.ItemError error = response.errors()[i];
      String type = error == null ? null : error.type();
      switch (BulkItemClassifier.classifyItem(status, type)) {
        case INDEXED -> tally.stored(item);
        case DUPLICATE -> tally.duplicate(item);
        case RETRY -> {
          retry.add(item);
          lastRetryReason = describe(status, error);
          lastRetryStatus = status;
        }
        case REJECT -> {
          if (item.isDeadLetter()) {
            failed = Mono.error(deadLetterRejected(item, status, error));
          } else {
            rejected.add(deadLetters.fromRejected((Doc) item.origin(), type, reasonOf(error)));
            if (firstRejection == null) {
              firstRejection = item.origin().position() + ": " + describe(status, error);
            }
          }
        }
        // unclipped: Elasticsearch's reason is what names the missing privilege
        case AUTH -> failed = Mono.error(authFailure(status, error == null ? "HTTP " + status
            : "HTTP " + status + " " + error.type() + ": " + reasonOf(error), null));
        case FATAL -> failed = Mono.error(itemFatal(item, status, error));
      }
    }
    // the meters of the items settled by this answer, once per answer rather than once per item
    tally.publish();
    if (failed != null) {
      return failed;
    }
    if (!rejected.isEmpty()) {
      log.warn("Elasticsearch rejected {} of {} documents; writing them to {} (first: {})", rejected.size(),
          items.size(), options.deadLetterIndex(), firstRejection);
    }
    Mono<Void> deadLetterRound = rejected.isEmpty() ? Mono.empty() : send(rejected, 0, tally);
    Mono<Void> retryRound = retry.isEmpty() ? Mono.empty()
        : retryItems(retry, retries + 1, lastRetryReason, lastRetryStatus, tally);
    return deadLetterRound.then(retryRound);
  }

  /**
   * Whether retry {@code retry} (1-based) may go ahead: always within {@code maxRetries}, and beyond that while the
   * batch's outage budget ({@code retryMaxTime} since its first failure) lasts (docs/errors.md, "sink").
   */
  private boolean mayRetry(int retry, BatchTally tally) {
    long now = scheduler.now(TimeUnit.MILLISECONDS);
    if (tally.firstFailureAt < 0) {
      tally.firstFailureAt = now;
    }
    return retry <= options.maxRetries() || now - tally.firstFailureAt < options.retryMaxTime().toMillis();
  }

  /** How long the batch tried, for the message when it gives up. */
  private String outage(BatchTally tally) {
    long seconds = (scheduler.now(TimeUnit.MILLISECONDS) - tally.firstFailureAt) / 1000;
    return " over " + seconds + " s (--es-retry-max-time " + options.retryMaxTime().toSeconds() + " s)";
  }

  private String budget() {
    return "gives up after " + options.maxRetries() + " retries and " + options.retryMaxTime().toSeconds() + " s";
  }

  private Mono<Void> retryItems(List<BulkItem> items, int retry, String reason, int status, BatchTally tally) {
    if (!mayRetry(retry, tally)) {
      SinkException e = new SinkException(items.size() + " bulk items still failing after " + (retry - 1)
          + " retries" + outage(tally)
          + " against " + target + "; last reason: " + reason, false, null);
      log.error(e.getMessage());
      return Mono.error(e);
    }
    tally.retried += items.size();
    meters.itemsRetried(items.size(), status);
    Duration delay = backoff.delay(retry);
    log.warn("Retrying {} bulk items in {} ms (retry {}; {}): {}", items.size(), delay.toMillis(), retry,
        budget(), reason);
    return Mono.delay(delay, scheduler).then(send(items, retry, tally));
  }

  private Mono<Void> onFailure(List<BulkItem> items, Throwable failure, int retries, BatchTally tally) {
    String reason = describe(failure);
    meters.failed(failure);
    switch (BulkItemClassifier.classifyFailure(failure)) {
      case RETRY -> {
        return retryRequest(items, failure, retries, reason, tally);
      }
      case SPLIT -> {
        meters.requestSplit();
        return split(items, failure, retries, reason, tally);
      }
      case AUTH -> {
        meters.requestsFailed.increment();
        return Mono.error(authFailure(BulkItemClassifier.statusOf(failure).orElse(0), reason, failure));
      }
      default -> {
        meters.requestsFailed.increment();
        SinkException e = new SinkException("Bulk request to " + target + " failed: " + reason, false, failure);
        log.error(e.getMessage());
        return Mono.error(e);
      }
    }
  }

  private Mono<Void> retryRequest(
      List<BulkItem> items, Throwable failure, int retries, String reason, BatchTally tally) {
    int retry = retries + 1;
    if (!mayRetry(retry, tally)) {
      meters.requestsFailed.increment();
      SinkException e = new SinkException(target + " unreachable or overloaded: a bulk request"
          + " of " + items.size() + " operations failed " + retry + " times" + outage(tally) + "; last: " + reason,
          false, failure);
      log.error(e.getMessage());
      return Mono.error(e);
    }
    meters.requestRetried(failure);
    Duration delay = backoff.delay(retry);
    log.warn("Bulk request of {} operations to {} failed ({}); retry {} in {} ms ({})", items.size(), target,
        reason, retry, delay.toMillis(), budget());
    return Mono.delay(delay, scheduler).then(send(items, retry, tally));
  }

  /** 413 or a request-level 400: halve until the culprit stands alone, then dead-letter it. */
  private Mono<Void> split(List<BulkItem> items, Throwable failure, int retries, String reason, BatchTally tally) {
    if (items.size() > 1) {
      int half = items.size() / 2;
      log.warn("Bulk request of {} operations refused ({}); sending it in two halves", items.size(), reason);
      return send(List.copyOf(items.subList(0, half)), retries, tally)
          .then(send(List.copyOf(items.subList(half, items.size())), retries, tally));
    }
    BulkItem item = items.get(0);
    if (item.isDeadLetter()) {
      return Mono.error(new SinkException("Elasticsearch refused a dead letter for " + item.origin().position()
          + " in " + item.index() + ": " + reason, false, failure));
    }
    Doc doc = (Doc) item.origin();
    OptionalInt status = BulkItemClassifier.statusOf(failure);
    BulkItem letter = status.orElse(0) == 413
        ? deadLetters.fromTooLarge(doc, TOO_LARGE_KEEP_CHARS)
        : deadLetters.fromRejected(doc, errorTypeOf(failure), reason);
    return send(List.of(letter), 0, tally);
  }

  private SinkException authFailure(int status, String reason, Throwable cause) {
    SinkException e = new SinkException(target + " refused the sink's credentials or their"
        + " privileges (HTTP " + status + "): " + reason + "; check the API key/user and its index privileges",
        true, status, cause);
    log.error(e.getMessage());
    return e;
  }

  private SinkException itemFatal(BulkItem item, int status, RawBulk.ItemError error) {
    String message;
    if (status == 404) {
      message = "Index " + item.index() + " does not exist and Elasticsearch did not create it: allow"
          + " auto-creation for it (action.auto_create_index) or install the index templates first ("
          + describe(404, error) + ")";
    } else {
      message = "Unexpected bulk item answer for " + item.origin().position() + " in " + item.index() + ": "
          + describe(status, error);
    }
    log.error(message);
    return new SinkException(message, false, null);
  }

  private SinkException deadLetterRejected(BulkItem item, int status, RawBulk.ItemError error) {
    String message = "Dead-letter index " + item.index() + " rejected the dead letter for "
        + item.origin().position() + ": " + describe(status, error)
        + "; fix its mapping (install the index templates) so nothing is dropped";
    log.error(message);
    return new SinkException(message, false, null);
  }

  private static String reasonOf(ErrorCause error) {
    if (error == null) {
      return "no reason given";
    }
    String reason = error.reason() == null ? "no reason given" : error.reason();
    ErrorCause cause = error.causedBy();
    return cause == null || cause.reason() == null ? reason : reason + " (caused by " + cause.type() + ": "
        + cause.reason() + ")";
  }

  private static String reasonOf(RawBulk.ItemError error) {
    if (error == null) {
      return "no reason given";
    }
    String reason = error.reason() == null ? "no reason given" : error.reason();
    return error.causeReason() == null ? reason : reason + " (caused by " + error.causeType() + ": "
        + error.causeReason() + ")";
  }

  private static String describe(int status, RawBulk.ItemError error) {
    return error == null ? "HTTP " + status : "HTTP " + status + " " + error.type() + ": "
        + BulkBodies.clip(reasonOf(error));
  }

  private static String describe(int status, ErrorCause error) {
    return error == null ? "HTTP " + status : "HTTP " + status + " " + error.type() + ": "
        + BulkBodies.clip(reasonOf(error));
  }

  private static String describe(Throwable failure) {
    ElasticsearchException es = BulkItemClassifier.findCause(failure, ElasticsearchException.class);
    if (es != null) {
      return describe(es.status(), es.error());
    }
    OptionalInt status = BulkItemClassifier.statusOf(failure);
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return status.isPresent() ? "HTTP " + status.getAsInt() + " (" + BulkBodies.clip(what) + ")"
        : BulkBodies.clip(what);
  }

  private static String errorTypeOf(Throwable failure) {
    ElasticsearchException es = BulkItemClassifier.findCause(failure, ElasticsearchException.class);
    return es != null && es.error() != null && es.error().type() != null ? es.error().type() : "bad_request";
  }
}
