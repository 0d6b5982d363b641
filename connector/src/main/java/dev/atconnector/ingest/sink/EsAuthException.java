package dev.atconnector.ingest.sink;

/**
 * Elasticsearch refused the credential (401) or its privileges (403). The message names the kind of credential and
 * where it came from (never its value), so it can be shown as it is.
 */
public final class EsAuthException extends SinkException {
  private static final long serialVersionUID = 1L;

  public EsAuthException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
