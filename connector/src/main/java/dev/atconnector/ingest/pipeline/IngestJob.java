package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.config.ErrorsTolerance;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.session.SessionLifecycle;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.Retraction;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.DayStatus;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * One ingest run as one reactive chain: for each window of at most 15 days still to read, in order, create a
 * session, stream its download through the decoder into the bulk sink, and delete the session (always); then tell
 * the {@link WindowTracker} (the checkpoint) whether the window finished. Windows run one after the other, so at
 * most one session is open at a time. With {@code --follow} the run then re-plans every poll interval up to today.
 *
 * <p>{@link #stop()} is the graceful stop: the download of the current window ends early (what was read is still
 * indexed), the window counts as unfinished, and no further window starts.
 *
 * <p>A damaged download ({@link DamagedDownloadException}) is not resumed: once the sink has settled everything
 * passed on, the records gzip never vouched for are taken back ({@link Retraction}) and the window is read again
 * from the start, up to the source's retry limit. A window left unfinished with such records stored is reported to
 * the tracker as suspect, so the next run takes its session's documents back before reading it again.
 *
 * <p>A window whose <em>content</em> fails on every attempt ({@link ContentFailure}) does not stall the source under
 * {@code --errors-tolerance window}: once its records are taken back, the tracker records it as failed and the next
 * window starts. Transport failures still end the run.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final IngestConfig config;
  private final SessionLifecycle sessions;
  private final DownloadStage download;
  private final BulkSink sink;
  private final IngestCounters counters;
  private final WindowTracker tracker;
  private final Retraction retraction;
  private final SourceRetry retry;
  private final Clock clock;
  private final AtClient client;
  /** Each window's day statuses (count, size) taken before its last full read, for the follow passes to compare. */
  private final Map<SessionRequest, List<DayStatus>> lastRead = new ConcurrentHashMap<>();
  private final Sinks.Empty<Void> stop = Sinks.empty();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Sinks.Empty<Void> handOver = Sinks.empty();
  private final AtomicBoolean handingOver = new AtomicBoolean();

  /**
   * A job without a checkpoint (every run reads its whole range) that never takes records back: a damaged download
   * is still read again, but what it stored stays. For tests of everything else; the CLI uses the full constructor.
   */
  public IngestJob(IngestConfig config, AtClient client, BulkSink sink, IngestCounters counters,
      SourceRetry retry) {
    this(config, client, sink, counters, retry, WindowTracker.none(end -> config.windows()), Retraction.nothingStored(),
        Clock.systemUTC());
  }

  public IngestJob(IngestConfig config, AtClient client, BulkSink sink, IngestCounters counters,
      SourceRetry retry, WindowTracker tracker, Retraction retraction, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.counters = counters;
    this.tracker = tracker;
    this.retraction = retraction;
    this.retry = retry;
    this.clock = clock;
    this.client = client;
    this.sessions = new SessionLifecycle(client, counters, Duration.ofSeconds(30));
    this.download = new DownloadStage(client, config.limits(),
        new Normalizer(config.destination(), config.preserveOriginalEvent(), clock), retry,
        counters);
  }

  public SessionLifecycle sessions() {
    return sessions;
  }

  /** Asks the run to end gracefully: the current download ends early, no new window starts, follow ends. */
  public void stop() {
    if (stopped.compareAndSet(false, true)) {
      stop.tryEmitEmpty();
    }
  }

  public boolean stopping() {
    return stopped.get();
  }

  /**
   * Asks the run to end at the next window boundary, never inside a window: the current window (if any) finishes
   * and is checkpointed, then the run completes. For handing the source to another process (balancing).
   */
  public void endAfterWindow() {
    if (handingOver.compareAndSet(false, true)) {
      handOver.tryEmitEmpty();
    }
  }

  /** True once {@link #endAfterWindow()} was asked. */
  public boolean endingAfterWindow() {
    return handingOver.get();
  }

  private boolean ending() {
    return stopped.get() || handingOver.get();
  }

  /** Runs every window; completes when all are indexed and their sessions deleted (never, in follow mode). */
  public Mono<Void> run() {
    if (config.checkpoint().retryFailed()) {
      LOG.info("ingesting the windows recorded as failed into {}", config.destination());
    } else {
      LOG.info("ingesting {} .. {} into {}{}", config.start(), config.end(), config.destination(),
          config.checkpoint().follow() ? ", then following every " + config.checkpoint().pollInterval() : "");
    }
    Mono<Void> catchUp = pass(config.end(), false);
    Mono<Void> all = config.checkpoint().follow() ? catchUp.then(follow()) : catchUp;
    return config.timeout().map(t -> all.timeout(t, Mono.error(() -> new IngestTimeoutException(t)))).orElse(all);
  }

  /** Every poll interval (or at once when stopped) a pass up to today, until stopped. */
  private Mono<Void> follow() {
    Mono<Void> poll = Mono.delay(config.checkpoint().pollInterval()).then().or(stop.asMono())
        .or(handOver.asMono());
    return Mono.defer(() -> ending() ? Mono.<Void>empty() : poll)
        .then(Mono.defer(() -> ending() ? Mono.<Void>empty() : pass(today(), true)))
        .repeat(() -> !ending())
        .then();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** @param polling a follow pass: a window unchanged since its last full read is skipped */
  private Mono<Void> pass(LocalDate end, boolean polling) {
    // planning may write the checkpoint (blocking): off the event loops
    return tracker.beforePass()
        .then(Mono.fromCallable(() -> tracker.plan(end)).subscribeOn(Schedulers.boundedElastic()))
        .flatMapMany(Flux::fromIterable)
        .concatMap(w -> Mono.defer(() -> ending() ? Mono.<Void>empty()
            : polling ? unlessUnchanged(w) : window(w, List.of())))
        .then();
  }

  /**
   * A follow poll re-reads every still-open day in a new session (the service has no "since"), downloading the whole
   * day so far each time. One status call first: when the days' counts and sizes are the same as before the
   * window's last full read, nothing new can be in it, and no session is opened. A failed status call just reads.
   */
  private Mono<Void> unlessUnchanged(SessionRequest w) {
    return client.status(w).collectList()
        .onErrorResume(e -> {
          LOG.debug("status of {} not known ({}): reading it", w, e.toString());
          return Mono.just(List.of());
        })
        .flatMap(status -> {
          if (!status.isEmpty() && status.equals(lastRead.get(w))) {
            LOG.debug("window {} unchanged since its last read ({}): no session this poll", w, status);
            return Mono.<Void>empty();
          }
          return window(w, status);
        });
  }

  /** @param statusBefore the days' statuses taken just before this read (empty if not taken) */
  private Mono<Void> window(SessionRequest w, List<DayStatus> statusBefore) {
    AtomicBoolean complete = new AtomicBoolean();
    AtomicReference<DownloadStage.Download> current = new AtomicReference<>();
    AtomicReference<AtSession> session = new AtomicReference<>();
    IngestSummary before = counters.snapshot(0);
    long retriesBefore = counters.downloadRetries();
    boolean reread = tracker.mayHoldDocuments(w);
    return tracker.creating(w).then(sessions.within(w, s -> {
          session.set(s);
          if (reread) {
            sink.existingIds().checkSession(s.id());
          }
          return tracker.opened(s, w).then(read(s, complete, current, 1));
        }))
        .then(Mono.defer(() -> complete.get()
            ? tracker.finished(w, minus(counters.snapshot(0), before))
                .doOnSuccess(v -> remember(w, statusBefore))
            : tracker.abandoned(w, null, suspect(current))))
        .then(Mono.defer(() -> keepUndeleted(session.get(), w, complete.get() || !suspect(current))))
        .onErrorResume(e -> takeBackAfterFailure(current)
            .flatMap(suspect -> tolerated(e, suspect)
                ? recordFailed(w, e, retriesBefore, session.get())
                    .then(Mono.defer(() -> keepUndeleted(session.get(), w, true)))
                    .thenReturn(true)
                : tracker.abandoned(w, e, suspect)
                    .then(Mono.defer(() -> keepUndeleted(session.get(), w, !suspect)))
                    .thenReturn(false))
            .onErrorResume(e2 -> {
              e.addSuppressed(e2);
              return Mono.just(false);
            })
            .flatMap(skipped -> skipped ? Mono.<Void>empty() : Mono.<Void>error(e)));
  }

  /**
   * Whether the window's failure is one to record and go past ({@code --errors-tolerance window}): a content
   * failure ({@link ContentFailure}) whose stored records are all vouched for (taken back), while the run is not
   * stopping. Anything else ends the run as before.
   */
  private boolean tolerated(Throwable e, boolean suspect) {
    return config.checkpoint().errorsTolerance() == ErrorsTolerance.WINDOW && !suspect && !stopped.get()
        && ContentFailure.is(e);
  }

  private Mono<Void> recordFailed(SessionRequest w, Throwable e, long retriesBefore, AtSession s) {
    long attempts = 1 + counters.downloadRetries() - retriesBefore;
    List<String> ids = s == null ? List.of() : List.of(s.id());
    counters.windowFailed(w);
    return tracker.failed(w, e, attempts, ids);
  }

  private void remember(SessionRequest w, List<DayStatus> statusBefore) {
    if (statusBefore.isEmpty()) {
      lastRead.remove(w);
    } else {
      lastRead.put(w, statusBefore);
    }
  }

  /**
   * A session whose delete failed after its retries is still open on the service (which never expires sessions):
   * it is recorded again, so the next start deletes it (and takes back what it stored) instead of leaking it.
   */
  private Mono<Void> keepUndeleted(AtSession s, SessionRequest w, boolean verified) {
    if (s == null || !sessions.deleteFailed(s.id())) {
      return Mono.empty();
    }
    LOG.warn("session {} stays recorded in the checkpoint: the next start deletes it", s.id());
    return tracker.leftOpen(s, w, verified);
  }

  /** True when the window's last read left records gzip never vouched for in Elasticsearch. */
  private static boolean suspect(AtomicReference<DownloadStage.Download> current) {
    DownloadStage.Download d = current.get();
    return d != null && d.suspectFrom() != Long.MAX_VALUE;
  }

  /**
   * A window that failed (e.g. a download that kept ending inside a gzip member) may have stored records gzip never
   * vouched for: takes them back now if it can; emits whether any are still suspect (then the next run does it).
   */
  private Mono<Boolean> takeBackAfterFailure(AtomicReference<DownloadStage.Download> current) {
    if (!suspect(current)) {
      return Mono.just(false);
    }
    DownloadStage.Download d = current.get();
    return retraction.retract(d.sessionId(), d.suspectFrom())
        .doOnNext(counters::retracted)
        .map(n -> false)
        .onErrorResume(e -> {
          LOG.warn("could not take back the records of session {} from record {} on (the next run will): {}",
              d.sessionId(), d.suspectFrom(), e.getMessage());
          return Mono.just(true);
        });
  }

  /**
   * Reads the session's download into the sink. A damaged read is settled, its suspect records taken back, and the
   * download read again from the start ({@code attempt} counts the reads, as the source's retry policy does).
   */
  private Mono<Void> read(AtSession s, AtomicBoolean complete, AtomicReference<DownloadStage.Download> current,
      long attempt) {
    return Mono.defer(() -> {
      DownloadStage.Download d = download.open(s);
      current.set(d);
      AtomicReference<DamagedDownloadException> damaged = new AtomicReference<>();
      // a damaged download completes the records (so the sink settles all it was given) instead of failing them
      return sink.write(d.records()
              // upstream of takeUntilOther: fires only when the download really ended, not when stopped
              .doOnComplete(() -> complete.set(true))
              .onErrorResume(DamagedDownloadException.class, e -> {
                damaged.set(e);
                return Flux.empty();
              })
              .takeUntilOther(stop.asMono())
              // counted here: a record that met the stop is dropped unread (its window is read again)
              .doOnNext(r -> counters.recordRead(r instanceof Doc)))
          .doOnNext(counters::add)
          .then(Mono.defer(() -> damaged.get() == null ? Mono.<Void>empty()
              : readAgain(s, d, damaged.get(), complete, current, attempt)));
    });
  }

  private Mono<Void> readAgain(AtSession s, DownloadStage.Download d, DamagedDownloadException damage,
      AtomicBoolean complete, AtomicReference<DownloadStage.Download> current, long attempt) {
    Mono<Long> takeBack = d.suspectFrom() == Long.MAX_VALUE ? Mono.just(0L)
        : retraction.retract(s.id(), d.suspectFrom()).doOnNext(counters::retracted);
    return takeBack.flatMap(n -> {
      // taken back: nothing of this read is suspect any more
      current.set(null);
      if (attempt > retry.maxRetries()) {
        return Mono.error(damage.gaveUp(attempt));
      }
      counters.downloadRetried(damage);
      LOG.warn("{}; took back {} stored records of it from record {} on; reading it again from the start, attempt "
          + "{}/{}", damage.getMessage(), n, d.suspectFrom(), attempt, retry.maxRetries());
      Mono<Void> pause = Mono.delay(retry.delay(damage, attempt - 1), retry.scheduler()).then().or(stop.asMono());
      return pause.then(Mono.defer(() -> stopped.get() ? Mono.<Void>empty()
          : read(s, complete, current, attempt + 1)));
    });
  }

  private static IngestSummary minus(IngestSummary a, IngestSummary b) {
    return new IngestSummary(a.read() - b.read(), a.indexed() - b.indexed(), a.duplicates() - b.duplicates(),
        a.deadLettered() - b.deadLettered(), a.bytes() - b.bytes(), a.sessions() - b.sessions(), 0);
  }

  /** The whole run took longer than {@code --timeout}. */
  public static final class IngestTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IngestTimeoutException(Duration limit) {
      super("the run did not finish within --timeout " + limit + "; raise --timeout (AT_TIMEOUT) or ingest a "
          + "shorter range");
    }
  }
}
