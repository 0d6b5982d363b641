package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.elasticsearch.client.ResponseException;

/**
 * The one place that decides what an Elasticsearch answer means, per bulk item and per whole request. Decisions go
 * by status code and error type, never by message text. The whole error-handling design (both sides, retries, exit
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
    if (status >= 200 && status < 300) {
      return ItemOutcome.INDEXED;
    }
    if (status == 409) {
      return ItemOutcome.DUPLICATE;
    }
    if (status == 429 || status >= 500 || OVERLOAD_TYPES.contains(type)) {
      return ItemOutcome.RETRY;
    }
    if (status == 401 || status == 403) {
      return ItemOutcome.AUTH;
    }
    if (status == 404 || status < 400) {
      return ItemOutcome.FATAL;
    }
    return ItemOutcome.REJECT;
  }

  static RequestOutcome classifyFailure(Throwable failure) {
    OptionalInt status = statusOf(failure);
    if (status.isEmpty()) {
      // No HTTP answer: connection refused/reset, timeout, DNS. Worth retrying.
      return findCause(failure, IOException.class) != null ? RequestOutcome.RETRY : RequestOutcome.FATAL;
    }
    int code = status.getAsInt();
    if (code == 401 || code == 403) {
      return RequestOutcome.AUTH;
    }
    if (code == 413 || code == 400) {
      return RequestOutcome.SPLIT;
    }
    if (code == 429 || code >= 500) {
      return RequestOutcome.RETRY;
    }
    return RequestOutcome.FATAL;
  }

  /**
   * The HTTP status carried by a failure, whichever layer raised it: the Java client (error body parsed), its
   * transport (e.g. no product header), or the low-level RestClient (statuses it does not pass through).
   */
  static OptionalInt statusOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ElasticsearchException es) {
        return OptionalInt.of(es.status());
      }
      if (t instanceof ResponseException re) {
        return OptionalInt.of(re.getResponse().getStatusLine().getStatusCode());
      }
      if (t instanceof TransportException te && te.statusCode() > 0) {
        return OptionalInt.of(te.statusCode());
      }
    }
    return OptionalInt.empty();
  }

  static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
