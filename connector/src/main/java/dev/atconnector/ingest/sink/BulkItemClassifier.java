package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Side;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What an Elasticsearch answer means to the bulk sink, per bulk item and per whole request: by the kind
 * {@link HttpStatuses} reads from the status, and the error type, never by message text. The whole error-handling design (both sides, retries, exit
 * codes) is docs/errors.md; keep it in step with this class.
 */
final class BulkItemClassifier {

  /** What to do with one bulk item. */
  enum ItemOutcome {
    /** 2xx: created. */
    INDEXED,
    /** 409 on create: the document is already there; not an error. */
    DUPLICATE,
    /** 429, 5xx, rejected execution, circuit breaker: send this item again after a backoff. */
    RETRY,
    /** A 4xx document error (mapping, parsing, ...): the document goes to the dead-letter index. */
    REJECT,
    /** 404 (index missing, auto-create disabled) or anything unexpected: stop the sink. */
    FATAL,
    /** 401/403: stop the sink; retrying will not help. */
    AUTH
  }

  /** What to do when a whole bulk request failed. */
  enum RequestOutcome {
    /** Transport/IO failure, 429 or 5xx on the request: send the same request again after a backoff. */
    RETRY,
    /** 413 (body over http.max_content_length) or 400 on the request (a body line ES cannot parse): bisect. */
    SPLIT,
    /** 401/403. */
    AUTH,
    /** Anything else: a bug or a misconfiguration; retrying will not help. */
    FATAL
  }

  /** Error types ES uses for load shedding; retried whatever their status. */
  private static final Set<String> OVERLOAD_TYPES =
      Set.of("es_rejected_execution_exception", "circuit_breaking_exception");

  private BulkItemClassifier() {}

  static ItemOutcome classifyItem(int status, String errorType) {
    String type = errorType == null ? "" : errorType.toLowerCase(Locale.ROOT);
    if (HttpStatuses.success(status)) {
      return ItemOutcome.INDEXED;
    }
    if (OVERLOAD_TYPES.contains(type)) {
      return ItemOutcome.RETRY;
    }
    if (status < 400) {
      return ItemOutcome.FATAL; // no bulk item answers 1xx/3xx
    }
    return switch (HttpStatuses.kind(Side.ELASTICSEARCH, status)) {
      case CONFLICT -> ItemOutcome.DUPLICATE;
      case UNAVAILABLE -> ItemOutcome.RETRY;
      case AUTH -> ItemOutcome.AUTH;
      // a missing index (auto-create disabled) is no fault of the document: dead-lettering would not help
      case REJECTED -> status == 404 ? ItemOutcome.FATAL : ItemOutcome.REJECT;
      case BAD_DATA, BUG -> ItemOutcome.FATAL;
    };
  }

  static RequestOutcome classifyFailure(Throwable failure) {
    Failure f = Causes.of(failure, Side.ELASTICSEARCH);
    return switch (f.kind()) {
      case AUTH -> RequestOutcome.AUTH;
      // no answer (connection refused/reset, timeout, DNS), 408, 429, 5xx: worth retrying
      case UNAVAILABLE -> RequestOutcome.RETRY;
      case REJECTED -> f.status() == 413 || f.status() == 400 ? RequestOutcome.SPLIT : RequestOutcome.FATAL;
      case CONFLICT, BAD_DATA, BUG -> RequestOutcome.FATAL;
    };
  }

  /** The HTTP status carried by a failure, whichever layer raised it ({@link Causes#status}). */
  static OptionalInt statusOf(Throwable failure) {
    return Causes.status(failure);
  }

  static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    return Causes.find(failure, type).orElse(null);
  }
}
