package dev.atconnector.ingest.sink;

/** Elasticsearch could not take the data: unreachable after retries, refused our credentials, or a fatal error. */
public class SinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean authFailure;
  private final int status;

  public SinkException(String message, boolean authFailure, Throwable cause) {
    this(message, authFailure, 0, cause);
  }

  /** As {@link #SinkException(String, boolean, Throwable)}, keeping the HTTP status Elasticsearch answered. */
  public SinkException(String message, boolean authFailure, int status, Throwable cause) {
    super(message, cause);
    this.authFailure = authFailure;
    this.status = status;
  }

  /** The HTTP status Elasticsearch answered (e.g. 403 on a bulk item), or 0 when unknown. */
  public int status() {
    return status;
  }

  /** True when Elasticsearch answered 401/403: retrying will not help. */
  public boolean authFailure() {
    return authFailure;
  }
}
