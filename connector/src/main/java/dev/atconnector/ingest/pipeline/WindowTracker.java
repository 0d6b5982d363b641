package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where a run keeps its position between windows (the checkpoint). {@link #NONE} keeps nothing: every run reads
 * its whole range.
 */
public interface WindowTracker {
  /**
   * Work before each pass plans its windows, such as deleting a session an earlier window could not delete (with
   * {@code --follow} the run may not restart for days). Failures are the tracker's to report; a pass goes on.
   */
  default Mono<Void> beforePass() {
    return Mono.empty();
  }

  /** The windows still to read up to {@code end}, in order. */
  List<SessionRequest> plan(LocalDate end);

  /** A session for the window is about to be created. */
  Mono<Void> creating(SessionRequest window);

  /**
   * Whether documents of this window may be stored already (checked before the session is opened): then a data
   * stream destination looks each one up across its backing indices before writing it. Unknown: true.
   */
  default boolean mayHoldDocuments(SessionRequest window) {
    return true;
  }

  /** The session is created and its download about to start. */
  Mono<Void> opened(AtSession session, SessionRequest window);

  /**
   * The session's delete failed after its retries (it is still open on the service) once the window ended:
   * {@code verified} when the window finished, so only the session needs deleting, not what it stored.
   */
  default Mono<Void> leftOpen(AtSession session, SessionRequest window, boolean verified) {
    return Mono.empty();
  }

  /** Every event of the window is acknowledged (indexed, duplicate or dead-lettered) and the session deleted. */
  Mono<Void> finished(SessionRequest window, IngestSummary counts);

  /**
   * The window ended unfinished (stopped early, or failed with {@code error}); its session is deleted.
   *
   * @param suspect true when documents of the session that gzip never vouched for may be stored (the download
   *     ended before its last member's check): they must be taken back before the window is read again
   */
  Mono<Void> abandoned(SessionRequest window, Throwable error, boolean suspect);

  /**
   * The window's content failed on every attempt and it is given up for now ({@code --errors-tolerance window}):
   * its session is deleted and nothing it stored is suspect. The tracker records it as failed; later windows go on.
   *
   * @param attempts downloads of the window in this run
   * @param sessions ids of the sessions this run tried for it
   */
  default Mono<Void> failed(SessionRequest window, Throwable error, long attempts, List<String> sessions) {
    return Mono.empty();
  }

  /** Keeps no position: plans with {@code windows}. */
  static WindowTracker none(java.util.function.Function<LocalDate, List<SessionRequest>> windows) {
    return new WindowTracker() {
      @Override
      public List<SessionRequest> plan(LocalDate end) {
        return windows.apply(end);
      }

      @Override
      public Mono<Void> creating(SessionRequest window) {
        return Mono.empty();
      }

      @Override
      public Mono<Void> opened(AtSession session, SessionRequest window) {
        return Mono.empty();
      }

      @Override
      public Mono<Void> finished(SessionRequest window, IngestSummary counts) {
        return Mono.empty();
      }

      @Override
      public Mono<Void> abandoned(SessionRequest window, Throwable error, boolean suspect) {
        return Mono.empty();
      }
    };
  }
}
