package dev.atconnector.ingest.metrics;

import dev.atconnector.ingest.failure.Failure;
import java.util.Locale;

/** Why a request was sent again: the bounded values of the {@code reason} tag of {@code at.retries}. */
public enum RetryReason {
  /** No answer: connection refused or reset, timeout, a body cut short. */
  CONNECTION,
  /** 429 Too Many Requests, or Elasticsearch's es_rejected_execution. */
  RATE_LIMITED,
  /** 5xx or 408. */
  SERVER_ERROR,
  /** 413, or a request Elasticsearch refused as a whole: sent again in halves. */
  TOO_LARGE,
  /** 401 on a download: the token was renewed. */
  TOKEN_EXPIRED,
  /** A download whose bytes could not be decoded was downloaded again. */
  BAD_DATA,
  /** A resumed download did not repeat the records already read: read whole again. */
  RESUME_MISMATCH,
  OTHER;

  /** The tag value, e.g. {@code rate_limited}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** By HTTP status; 0 (no response) is a connection failure. */
  public static RetryReason ofStatus(int status) {
    return of(Failure.http(dev.atconnector.ingest.failure.Side.ELASTICSEARCH, status));
  }

  /**
   * By the failure's kind: no answer is a connection failure, an unavailable side rate-limited (429) or failing,
   * a 401 an expired token (renewed), a 413 a request too large; the status only tells these apart.
   */
  public static RetryReason of(Failure failure) {
    if (failure.status() == 401) {
      return TOKEN_EXPIRED; // also a download's 401 after which the token was renewed (retried as unavailable)
    }
    return switch (failure.kind()) {
      case UNAVAILABLE -> !failure.answered() ? CONNECTION : failure.status() == 429 ? RATE_LIMITED : SERVER_ERROR;
      case REJECTED -> failure.status() == 413 ? TOO_LARGE : OTHER;
      case BAD_DATA -> failure.answered() ? OTHER : BAD_DATA;
      case AUTH, CONFLICT, BUG -> OTHER;
    };
  }
}
