package dev.atconnector.ingest.sink;

/** Elasticsearch could not take the data: unreachable after retries, refused our credentials, or a fatal error. */
public class SinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean authFailure;

  public SinkException(String message, boolean authFailure, Throwable cause) {
    super(message, cause);
    this.authFailure = authFailure;
  }

  /** True when Elasticsearch answered 401/403: retrying will not help. */
  public boolean authFailure() {
    return authFailure;
  }
}
