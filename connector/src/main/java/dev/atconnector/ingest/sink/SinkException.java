package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Classified;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;

/** Elasticsearch could not take the data: unreachable after retries, refused our credentials, or a fatal error. */
public class SinkException extends RuntimeException implements Classified {
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

  /** True when Elasticsearch answered 401/403 (as said, or as its status says): retrying will not help. */
  public boolean authFailure() {
    return authFailure || status > 0 && HttpStatuses.kind(Side.ELASTICSEARCH, status) == Kind.AUTH;
  }

  /**
   * An auth failure as such; else by the status Elasticsearch answered, or without one by the cause (no answer is
   * {@link Kind#UNAVAILABLE}); a sink failure with neither is a request Elasticsearch cannot take
   * ({@link Kind#REJECTED}).
   */
  @Override
  public Failure failure() {
    if (authFailure()) {
      return new Failure(Side.ELASTICSEARCH, Kind.AUTH, status, java.util.Optional.empty());
    }
    if (status > 0) {
      return Failure.http(Side.ELASTICSEARCH, status);
    }
    Throwable cause = getCause();
    if (cause != null) {
      Failure underneath = Causes.of(cause, Side.ELASTICSEARCH);
      if (underneath.side() == Side.ELASTICSEARCH) {
        return underneath;
      }
    }
    return Failure.of(Side.ELASTICSEARCH, Kind.REJECTED);
  }
}
