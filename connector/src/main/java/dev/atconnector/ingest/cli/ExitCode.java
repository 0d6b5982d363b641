package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.failure.Failure;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every exit code of the CLI with what it means: {@link #of} maps a classified failure to one, and the README's
 * table between {@code <!-- exit-codes:start -->} and {@code <!-- exit-codes:end -->} is {@link #markdownTable()}
 * (a test keeps them equal). The numbers are {@link ExitCodes}' and never change: scripts depend on them.
 */
public enum ExitCode {
  OK(ExitCodes.OK, "every event read was indexed, already present or dead-lettered (also after a graceful stop)"),
  INTERNAL(ExitCodes.INTERNAL, "a bug: an unexpected error (the message says what; please report it)"),
  USAGE(ExitCodes.USAGE, "bad usage: a missing or invalid flag, variable or input file (the message names it)"),
  AUTH(ExitCodes.AUTH, "authentication failed: Activity Tracker (or its token endpoint), Elasticsearch or Kibana "
      + "refused the credentials or their privileges"),
  SOURCE(ExitCodes.SOURCE, "source failure: Activity Tracker unreachable, failing or refusing the request after its "
      + "retries, or `--timeout` passed"),
  SINK(ExitCodes.SINK, "destination failure: Elasticsearch unreachable or refusing the data after its retries "
      + "(`--es-retry-max-time`); for `setup`, also Kibana unreachable, failing or refusing an import"),
  LEASED(ExitCodes.LEASED, "(a single source without `--config`, one-shot) the source is held by another connector "
      + "process, or was taken over by one while running: nothing failed, another process does the work"),
  WINDOWS_FAILED(ExitCodes.WINDOWS_FAILED, "(one-shot) the range was read, but some windows' content failed on every "
      + "attempt and they were recorded as failed (`--errors-tolerance window`): everything else is stored, the "
      + "checkpoint's done-through day stays before the first failed window, `ingest --retry-failed` reads them "
      + "again"),
  INTERRUPTED(ExitCodes.INTERRUPTED, "a second SIGTERM/SIGINT (exited at once), or a stop that overran its 9 s "
      + "budget");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * The exit code of a run that ended with {@code failure}: an auth failure on any side is {@link #AUTH}; a
   * conflict (a lease held or taken over) {@link #LEASED}; a bug {@link #INTERNAL}; a bad local input
   * {@link #USAGE}; anything else the failing side's: {@link #SOURCE} for Activity Tracker and its token endpoint,
   * {@link #SINK} for Elasticsearch and Kibana (the destinations; {@code setup} already exits 5 when Kibana refuses
   * objects, and a scheduler treats "the destination failed, try later" alike).
   */
  public static ExitCode of(Failure failure) {
    return switch (failure.kind()) {
      case AUTH -> AUTH;
      case CONFLICT -> failure.side() == dev.atconnector.ingest.failure.Side.ELASTICSEARCH ? LEASED : bySide(failure);
      case BUG -> INTERNAL;
      case UNAVAILABLE, REJECTED, BAD_DATA -> bySide(failure);
    };
  }

  private static ExitCode bySide(Failure failure) {
    return switch (failure.side()) {
      case ACTIVITY_TRACKER, IAM -> SOURCE;
      case ELASTICSEARCH, KIBANA -> SINK;
      case LOCAL -> USAGE;
    };
  }

  /** The README's exit-code table (markdown, one row per code). */
  public static String markdownTable() {
    return Stream.of(values()).map(c -> "| `" + c.code + "` | " + c.meaning + " |")
        .collect(Collectors.joining("\n", "| exit | meaning |\n|---|---|\n", "\n"));
  }
}
