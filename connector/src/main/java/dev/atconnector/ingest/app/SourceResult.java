package dev.atconnector.ingest.app;

import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.source.SessionRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one source's run ended.
 *
 * @param name the source's name; empty for the run itself when it failed before any source ran (follow mode's
 *     coordination)
 * @param how why it ended
 * @param summary its counts at the end
 * @param failedWindows the windows whose content failed on every attempt and were recorded as failed
 * @param failure why it failed ({@link How#FAILED}), or the lease conflict ({@link How#HELD}, {@link How#LOST});
 *     already explained (no secret in its message)
 * @param cutShort a stop's flush did not finish within its limit (the window is read again next time)
 */
public record SourceResult(String name, How how, IngestSummary summary, List<SessionRequest> failedWindows,
    Optional<Throwable> failure, boolean cutShort) {

  /** Why a source's run ended. */
  public enum How {
    /** Its range is done (one-shot) or its follow loop completed. */
    DONE,
    /** Stopped by SIGTERM/SIGINT. */
    STOPPED,
    /** The stop came before it started. */
    NOT_STARTED,
    /** Another process holds its lease (at start). */
    HELD,
    /** Another process took its lease over while it ran (fencing). */
    LOST,
    /** Handed to another process at a window boundary (balancing). */
    HANDED_OVER,
    /** Failed. */
    FAILED
  }

  public SourceResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(how, "how");
    Objects.requireNonNull(summary, "summary");
    failedWindows = List.copyOf(failedWindows);
    Objects.requireNonNull(failure, "failure");
  }

  static SourceResult of(String name, How how, IngestSummary summary, List<SessionRequest> failedWindows) {
    return new SourceResult(name, how, summary, failedWindows, Optional.empty(), false);
  }

  static SourceResult failed(String name, How how, IngestSummary summary, List<SessionRequest> failedWindows,
      Throwable failure) {
    return new SourceResult(name, how, summary, failedWindows, Optional.of(failure), false);
  }

  /** A source that never started (the stop came first, or its task could not run). */
  static SourceResult notStarted(String name) {
    return of(name, How.NOT_STARTED, new IngestSummary(0, 0, 0, 0, 0, 0, 0), List.of());
  }

  /** True when it ended by another process's lease, not by a failure of its own. */
  public boolean leased() {
    return how == How.HELD || how == How.LOST;
  }
}
