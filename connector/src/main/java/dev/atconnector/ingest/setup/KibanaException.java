package dev.atconnector.ingest.setup;

/** Kibana could not be reached, refused the credentials, or refused an import. */
public final class KibanaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean authFailure;

  public KibanaException(String message, boolean authFailure, Throwable cause) {
    super(message, cause);
    this.authFailure = authFailure;
  }

  public boolean authFailure() {
    return authFailure;
  }
}
