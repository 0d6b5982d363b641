package dev.atconnector.ingest.checkpoint;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.pipeline.WindowTracker;
import dev.atconnector.ingest.sink.Retraction;
import dev.atconnector.ingest.session.LeftSessions;
import dev.atconnector.ingest.session.SessionApi;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The checkpoint as the job's {@link WindowTracker}: plans from the first unfinished window, records each session
 * before its download, and moves {@code completed_through} only for a finished window, never past the last day
 * closed before {@code now - lag}. Also the start-up work (delete the session a killed run left open) and the
 * lease renewals. Checkpoint writes block on Elasticsearch, so they run on the bounded-elastic scheduler.
 */
public final class CheckpointTracker implements WindowTracker {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointTracker.class);

  /** Bound on taking back a left session's documents (one window's worth, deleted a page at a time). */
  private static final Duration RETRACTION_LIMIT = Duration.ofMinutes(15);

  private final SourceCheckpoint checkpoint;
  private final IngestConfig config;
  private final Clock clock;
  private final LeftSessions leftSessions;
  private final Retraction retraction;
  private boolean planned;
  /** The last day a window of this process opened a session for (follow passes re-read open days). */
  private LocalDate openedThrough;

  /**
   * @param client deletes sessions left open
   * @param retraction takes back what such sessions stored
   * @param deleteTimeout bound on one session delete
   */
  public CheckpointTracker(SourceCheckpoint checkpoint, IngestConfig config, Clock clock, AtClient client,
      Retraction retraction, Duration deleteTimeout) {
    this.checkpoint = checkpoint;
    this.config = config;
    this.clock = clock;
    this.leftSessions = new LeftSessions(SessionApi.of(client), deleteTimeout);
    this.retraction = retraction;
  }

  /** The source id of a run's config. */
  public static SourceId sourceOf(IngestConfig config) {
    return new SourceId(SourceId.hostOf(config.endpoint()), config.spaceId(), config.accountLevel(), config.hour(),
        config.destination().checkpointKey());
  }

  /**
   * Deletes the session a killed (or stopped mid-member) run recorded and never cleared (a 404 means it is gone
   * already), takes back every document it stored (a download cut before a gzip member's check may have stored
   * garbled records, which would otherwise meet the true ones as duplicates; the window is read again whole
   * anyway), then clears it.
   */
  public void pruneLeftOpenSession() {
    Optional<Checkpoint.OpenSession> left = checkpoint.checkpoint().openSession();
    if (left.isEmpty()) {
      return;
    }
    if (left.get().pending()) {
      deleteCreatedAround(left.get());
      checkpoint.sessionClosed(Optional.empty());
      return;
    }
    String id = left.get().id();
    if (!left.get().deleted()) {
      deleteLeft(left.get());
    }
    if (!left.get().verified()) {
      Long taken = retraction.retract(id, 1).block(RETRACTION_LIMIT);
      LOG.info("took back {} documents session {} stored before its run ended; its window {} .. {} is read again",
          taken, id, left.get().windowStart(), left.get().windowEnd());
    }
    checkpoint.sessionClosed(Optional.empty());
  }

  /** Between the passes of {@code --follow}: a session a window could not delete is tried again. */
  @Override
  public Mono<Void> beforePass() {
    if (checkpoint.checkpoint().openSession().isEmpty()) {
      return Mono.empty();
    }
    return blocking(this::pruneLeftOpenSession).onErrorResume(e -> {
      LOG.warn("source {}: the session left open is still not deleted (tried again before the next pass): {}",
          checkpoint.source(), e.getMessage());
      return Mono.empty();
    });
  }

  private void deleteLeft(Checkpoint.OpenSession left) {
    if (leftSessions.delete(left.id())) {
      LOG.info("deleted session {} ({} .. {}) left open by an earlier run of {}", left.id(), left.windowStart(),
          left.windowEnd(), checkpoint.source());
    } else {
      LOG.info("session {} left open by an earlier run is already gone", left.id());
    }
  }

  /** A run was killed while creating a session, before it could record the id (see {@link LeftSessions}). */
  private void deleteCreatedAround(Checkpoint.OpenSession left) {
    leftSessions.deleteCreatedSince(left.windowStart(), left.windowEnd(), config.accountLevel(), left.createdAt());
  }

  /** Renews the lease every {@code ttl/3}; errors only when another process took the source over. */
  public Flux<Void> renewals() {
    Duration every = config.checkpoint().leaseTtl().dividedBy(3);
    return Flux.interval(every, every)
        .onBackpressureDrop()
        .concatMap(i -> blocking(checkpoint::renew).onErrorResume(e -> {
          if (e instanceof CheckpointException ce && ce.kind() == CheckpointException.Kind.TAKEN_OVER) {
            return Mono.error(e);
          }
          LOG.warn("could not renew the lease of {} (will try again in {} s): {}", checkpoint.source(),
              every.toSeconds(), e.getMessage());
          return Mono.empty();
        }), 1);
  }

  @Override
  public synchronized List<SessionRequest> plan(LocalDate end) {
    // --reread applies to the run's own range; follow passes after it continue from the checkpoint
    boolean reread = config.checkpoint().reread() && !planned;
    planned = true;
    Checkpoint c = checkpoint.checkpoint();
    if (config.checkpoint().retryFailed()) {
      List<SessionRequest> failed = WindowPlan.failed(c, config.windowDays(), config.accountLevel(), config.hour());
      LOG.info("source {}: reading the {} failed window(s) again: {}", checkpoint.source(), c.failedWindows().size(),
          c.failedWindows());
      return failed;
    }
    if (!c.rangeEnd().equals(end)) {
      checkpoint.rangeEnd(end);
    }
    LocalDate from = WindowPlan.firstUnfinished(c.passedThrough(), config.start(), reread);
    List<SessionRequest> windows = WindowPlan.split(from, end, config.windowDays(), config.accountLevel(),
        config.hour());
    if (!from.equals(config.start())) {
      LOG.info("source {}: done through {}; continuing at {} ({} window(s))", checkpoint.source(),
          c.passedThrough().map(LocalDate::toString).orElse("-"), from, windows.size());
    }
    if (!c.failedWindows().isEmpty()) {
      LOG.warn("source {}: {} window(s) recorded as failed are not read by this run unless --reread covers them "
          + "(read them with ingest --retry-failed): {}", checkpoint.source(), c.failedWindows().size(),
          c.failedWindows());
    }
    return windows;
  }

  @Override
  public Mono<Void> creating(SessionRequest window) {
    return blocking(() -> checkpoint.sessionCreating(window.start(), window.end()));
  }

  /**
   * True when the window may hold documents stored already: an earlier run reached its days (a re-read, a window
   * taken back after a kill, an open day of follow mode), or this process opened a session for them before.
   */
  @Override
  public synchronized boolean mayHoldDocuments(SessionRequest window) {
    Optional<LocalDate> prior = checkpoint.priorReach();
    return prior.isPresent() && !window.start().isAfter(prior.get())
        || openedThrough != null && !window.start().isAfter(openedThrough);
  }

  @Override
  public Mono<Void> opened(AtSession session, SessionRequest window) {
    synchronized (this) {
      if (openedThrough == null || window.end().isAfter(openedThrough)) {
        openedThrough = window.end();
      }
    }
    return blocking(() -> checkpoint.sessionOpened(session.id(), window.start(), window.end()));
  }

  @Override
  public Mono<Void> leftOpen(AtSession session, SessionRequest window, boolean verified) {
    return blocking(() -> checkpoint.sessionLeftOpen(session.id(), window.start(), window.end(), verified));
  }

  @Override
  public Mono<Void> finished(SessionRequest window, IngestSummary counts) {
    return blocking(() -> {
      LocalDate lastClosed = WindowPlan.lastClosedDay(clock.instant(), config.checkpoint().lag());
      Optional<LocalDate> through = WindowPlan.advance(checkpoint.checkpoint().passedThrough(), window, lastClosed);
      boolean wasFailed = !FailedWindows.clear(checkpoint.checkpoint().failedWindows(), window.start(), window.end())
          .equals(checkpoint.checkpoint().failedWindows());
      checkpoint.windowDone(window.start(), window.end(), through, new Checkpoint.Counts(1, counts.read(),
          counts.indexed(), counts.duplicates(), counts.deadLettered()));
      LOG.info("source {}: window {} done{}; checkpoint at {}", checkpoint.source(), window,
          wasFailed ? " (it was recorded as failed: cleared)" : "",
          checkpoint.checkpoint().completedThrough().map(LocalDate::toString).orElse("-"));
    });
  }

  /**
   * Records the window as failed: the mark passes it for scheduling (held back to the last closed day, as a finished
   * window's), {@code completed_through} stays before it.
   */
  @Override
  public Mono<Void> failed(SessionRequest window, Throwable error, long attempts, List<String> sessions) {
    return blocking(() -> {
      LocalDate lastClosed = WindowPlan.lastClosedDay(clock.instant(), config.checkpoint().lag());
      Optional<LocalDate> through = WindowPlan.advance(checkpoint.checkpoint().passedThrough(), window, lastClosed);
      String reason = String.valueOf(error.getMessage());
      checkpoint.windowFailed(window.start(), window.end(), through, reason, attempts, sessions);
      LOG.error("source {}: window {} recorded as FAILED after {} download(s) of session(s) {}: {}; later windows go "
          + "on, the checkpoint stays done through {} (read it again with ingest --retry-failed)", checkpoint.source(),
          window, attempts, sessions, reason,
          checkpoint.checkpoint().completedThrough().map(LocalDate::toString).orElse("-"));
    });
  }

  /**
   * A suspect window keeps its session in {@code open_session} (deleted already, but its documents are not
   * vouched for), so the next run's {@link #pruneLeftOpenSession} takes them back before reading the window again.
   */
  @Override
  public Mono<Void> abandoned(SessionRequest window, Throwable error, boolean suspect) {
    Optional<String> message = Optional.ofNullable(error).map(Throwable::getMessage)
        .map(m -> "window " + window + ": " + m);
    if (!suspect) {
      return blocking(() -> checkpoint.sessionClosed(message));
    }
    return blocking(() -> checkpoint.sessionLeftSuspect(Optional.of(message.orElse("window " + window + " stopped")
        + "; documents of its session that gzip had not yet vouched for are taken back at the next start")));
  }

  private static Mono<Void> blocking(Runnable r) {
    return Mono.fromRunnable(r).subscribeOn(Schedulers.boundedElastic()).then();
  }
}
