package dev.atconnector.ingest.source;

import dev.atconnector.ingest.failure.Classified;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Side;
import java.time.Duration;
import java.util.Optional;

/**
 * An Activity Tracker call failed. The kind decides what happens next (by status code, never by message text,
 * reference A.7): auth failures and client errors are final, unavailability is retried ({@link SourceRetry}).
 * The classification table is docs/errors.md.
 */
public class SourceException extends RuntimeException implements Classified {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as retrying and exit codes care. */
  public enum Kind {
    /** 401/403: the token or the permissions are wrong; retrying will not help. */
    AUTH,
    /** Other 4xx: the request is wrong (bad dates, unknown session); retrying will not help. */
    CLIENT,
    /** 429, 5xx, connection errors, cut downloads: may pass; retried with backoff. */
    UNAVAILABLE;

    /** The source's view of a {@link dev.atconnector.ingest.failure.Kind}: what its retry policy needs. */
    public static Kind of(dev.atconnector.ingest.failure.Kind kind) {
      return switch (kind) {
        case AUTH -> AUTH;
        case UNAVAILABLE, BAD_DATA -> UNAVAILABLE;
        case REJECTED, CONFLICT, BUG -> CLIENT;
      };
    }

    dev.atconnector.ingest.failure.Kind general() {
      return switch (this) {
        case AUTH -> dev.atconnector.ingest.failure.Kind.AUTH;
        case CLIENT -> dev.atconnector.ingest.failure.Kind.REJECTED;
        case UNAVAILABLE -> dev.atconnector.ingest.failure.Kind.UNAVAILABLE;
      };
    }
  }

  private final Side side;
  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;

  public SourceException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    this(Side.ACTIVITY_TRACKER, kind, status, message, retryAfter, cause);
  }

  /** As above, from {@code side}: Activity Tracker or its token endpoint. */
  public SourceException(Side side, Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.side = side;
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
    return failure().retryable();
  }

  /** Which end failed, what kind (as the source's retry policy sees it), the status and Retry-After. */
  @Override
  public Failure failure() {
    return new Failure(side, kind.general(), status, Optional.ofNullable(retryAfter));
  }

  /** This failure as the final one after {@code attempts} attempts: same kind and status, says how many. */
  public SourceException gaveUp(long attempts) {
    return new SourceException(side, kind, status, getMessage() + " (gave up after " + attempts + " attempts)",
        retryAfter, this);
  }
}
