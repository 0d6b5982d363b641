package dev.atconnector.ingest.cli;

/** The CLI's exit codes: distinct per failure class so scripts and schedulers can react. */
public final class ExitCodes {
  /** Every event read was indexed, already present, or deliberately dead-lettered. */
  public static final int OK = 0;
  /** An unexpected internal error (a bug): the message says what. */
  public static final int INTERNAL = 1;
  /** Bad usage: a missing or invalid flag or environment variable. */
  public static final int USAGE = 2;
  /** Authentication or authorisation failed, at Activity Tracker or at Elasticsearch. */
  public static final int AUTH = 3;
  /** The source failed: Activity Tracker unreachable, refused the request, or the download broke for good. */
  public static final int SOURCE = 4;
  /** The sink failed: Elasticsearch unreachable or refusing the data. */
  public static final int SINK = 5;
  /**
   * Another connector process holds the source's lease (at start), or took it over while this one ran (its
   * checkpoint write conflicted): this process stops that source and leaves it to the other.
   */
  public static final int LEASED = 6;
  /**
   * A one-shot run finished its range, but some windows' content failed on every attempt and they were recorded as
   * failed in the checkpoint ({@code --errors-tolerance window}): later windows were read, {@code completed_through}
   * stays before the first failed one; {@code ingest --retry-failed} reads them again.
   */
  public static final int WINDOWS_FAILED = 7;
  /** A second Ctrl-C / SIGTERM (or a cancelled run): exited at once; the next run deletes a session left open. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
