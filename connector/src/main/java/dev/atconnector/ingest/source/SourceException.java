package dev.atconnector.ingest.source;

import java.time.Duration;
import java.util.Optional;

/**
 * An Activity Tracker call failed. The kind decides what happens next (by status code, never by message text,
 * reference A.7): auth failures and client errors are final, unavailability is retried ({@link SourceRetry}).
 * The classification table is docs/errors.md.
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as retrying and exit codes care. */
  public enum Kind {
    /** 401/403: the token or the permissions are wrong; retrying will not help. */
    AUTH,
    /** Other 4xx: the request is wrong (bad dates, unknown session); retrying will not help. */
    CLIENT,
    /** 429, 5xx, connection errors, cut downloads: may pass; retried with backoff. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;

  public SourceException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public SourceException(Kind kind, String message, Throwable cause) {
    this(kind, 0, message, null, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /** The server's Retry-After, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }

  /** This failure as the final one after {@code attempts} attempts: same kind and status, says how many. */
  public SourceException gaveUp(long attempts) {
    return new SourceException(kind, status, getMessage() + " (gave up after " + attempts + " attempts)",
        retryAfter, this);
  }
}
