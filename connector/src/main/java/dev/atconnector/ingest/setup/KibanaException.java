package dev.atconnector.ingest.setup;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Classified;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;

/** Kibana could not be reached, refused the credentials, or refused an import. */
public final class KibanaException extends RuntimeException implements Classified {
  private static final long serialVersionUID = 1L;
  private final transient Failure failure;

  /** Kibana answered {@code status}, or (0) did not answer; classified by its status ({@code setup}'s exit code). */
  public KibanaException(String message, int status, Throwable cause) {
    this(message, status > 0 ? Failure.http(Side.KIBANA, status)
        : cause != null && Causes.noAnswer(cause) ? Failure.http(Side.KIBANA, 0)
        : Failure.of(Side.KIBANA, Kind.REJECTED), cause);
  }

  public KibanaException(String message, Failure failure, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public KibanaException(String message, boolean authFailure, Throwable cause) {
    this(message, authFailure ? Failure.of(Side.KIBANA, Kind.AUTH) : Failure.of(Side.KIBANA, Kind.REJECTED), cause);
  }

  public boolean authFailure() {
    return failure.auth();
  }

  @Override
  public Failure failure() {
    return failure;
  }
}
