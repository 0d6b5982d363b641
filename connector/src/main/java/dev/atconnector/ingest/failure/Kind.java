package dev.atconnector.ingest.failure;

/**
 * What a failure means for what happens next: retrying, the exit code, readiness. The classification table is
 * {@link HttpStatuses} (statuses) and {@link Causes} (exceptions); docs/errors.md tells it in prose.
 */
public enum Kind {
  /** 401/403 (or IAM's 400 for a bad API key): the credential or its privileges are wrong; retrying will not help. */
  AUTH,
  /** No answer, 408, 429, 5xx: the other side is down or overloaded and may recover; retried with backoff. */
  UNAVAILABLE,
  /** The other side refused this request (other 4xx): it is wrong as sent; retrying it unchanged will not help. */
  REJECTED,
  /** The request went through but what came back (or what we were given) cannot be used: a content failure. */
  BAD_DATA,
  /** 409, or a lease held by another process: someone else changed it first. */
  CONFLICT,
  /** Nothing outside explains it: a bug in at-connector. */
  BUG;

  /** Whether the same request may succeed later: only when the other side was unavailable. */
  public boolean retryable() {
    return this == UNAVAILABLE;
  }
}
