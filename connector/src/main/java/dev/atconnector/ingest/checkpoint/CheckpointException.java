package dev.atconnector.ingest.checkpoint;

/**
 * The checkpoint could not be read or written. {@link Kind#LEASED} and {@link Kind#TAKEN_OVER} mean another
 * connector process owns the source (exit code 6); {@link Kind#STORE} means Elasticsearch failed.
 */
public final class CheckpointException extends RuntimeException {
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
}
