package dev.atconnector.ingest.checkpoint;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Classified;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Side;

/**
 * The checkpoint could not be read or written. {@link Kind#LEASED} and {@link Kind#TAKEN_OVER} mean another
 * connector process owns the source (exit code 6); {@link Kind#STORE} means Elasticsearch failed.
 */
public final class CheckpointException extends RuntimeException implements Classified {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** At start: another process holds an unexpired lease on the source. */
    LEASED,
    /** While running: a write found the document changed by another process (it took the lease over). */
    TAKEN_OVER,
    /** Elasticsearch refused or could not be reached; {@code status} is its HTTP status or 0. */
    STORE
  }

  private final Kind kind;
  private final int status;

  public CheckpointException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** Elasticsearch's HTTP status for {@link Kind#STORE}, else 0. */
  public int status() {
    return status;
  }

  /**
   * Held or taken over: a {@link dev.atconnector.ingest.failure.Kind#CONFLICT} at Elasticsearch; a store failure as
   * Elasticsearch's status says (a 409 there is no lease conflict: the store failed) or, without one, its cause.
   */
  @Override
  public Failure failure() {
    if (kind != Kind.STORE) {
      return new Failure(Side.ELASTICSEARCH, dev.atconnector.ingest.failure.Kind.CONFLICT, status,
          java.util.Optional.empty());
    }
    Failure f = status > 0 ? Failure.http(Side.ELASTICSEARCH, status)
        : getCause() != null && Causes.noAnswer(getCause()) ? Failure.http(Side.ELASTICSEARCH, 0)
        : Failure.of(Side.ELASTICSEARCH, dev.atconnector.ingest.failure.Kind.BAD_DATA);
    return f.kind() == dev.atconnector.ingest.failure.Kind.CONFLICT
        ? f.as(dev.atconnector.ingest.failure.Kind.REJECTED) : f;
  }
}
