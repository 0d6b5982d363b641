package dev.atconnector.ingest.metrics;

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
    if (status == 0) {
      return CONNECTION;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status == 413) {
      return TOO_LARGE;
    }
    if (status == 401) {
      return TOKEN_EXPIRED;
    }
    return status >= 500 || status == 408 ? SERVER_ERROR : OTHER;
  }
}
