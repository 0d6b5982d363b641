package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final IngestConfig config;
  private final SessionLifecycle sessions;
  private final DownloadStage download;
  private final BulkSink sink;
  private final IngestCounters counters;
  private final WindowTracker tracker;
  private final Clock clock;
  private final Sinks.Empty<Void> stop = Sinks.empty();
  private final AtomicBoolean stopped = new AtomicBoolean();

  public IngestJob(IngestConfig config, AtClient client, BulkSink sink, IngestCounters counters,
      SourceRetry retry) {
    this(config, client, sink, counters, retry, WindowTracker.none(end -> config.windows()), Clock.systemUTC());
  }

  public IngestJob(IngestConfig config, AtClient client, BulkSink sink, IngestCounters counters,
      SourceRetry retry, WindowTracker tracker, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.counters = counters;
    this.tracker = tracker;
    this.clock = clock;
    this.sessions = new SessionLifecycle(client, counters, Duration.ofSeconds(30));
    this.download = new DownloadStage(client, config.limits(), new Normalizer(config.indexPrefix()), retry,
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

  /** Runs every window; completes when all are indexed and their sessions deleted (never, in follow mode). */
  public Mono<Void> run() {
    LOG.info("ingesting {} .. {} into {}*{}", config.start(), config.end(), config.indexPrefix(),
        config.checkpoint().follow() ? ", then following every " + config.checkpoint().pollInterval() : "");
    Mono<Void> catchUp = pass(config.end());
    Mono<Void> all = config.checkpoint().follow() ? catchUp.then(follow()) : catchUp;
    return config.timeout().map(t -> all.timeout(t, Mono.error(() -> new IngestTimeoutException(t)))).orElse(all);
  }

  /** Every poll interval (or at once when stopped) a pass up to today, until stopped. */
  private Mono<Void> follow() {
    Mono<Void> poll = Mono.delay(config.checkpoint().pollInterval()).then().or(stop.asMono());
    return poll.then(Mono.defer(() -> stopped.get() ? Mono.<Void>empty() : pass(today())))
        .repeat(() -> !stopped.get())
        .then();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private Mono<Void> pass(LocalDate end) {
    // planning may write the checkpoint (blocking): off the event loops
    return Mono.fromCallable(() -> tracker.plan(end)).subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(Flux::fromIterable)
        .concatMap(w -> Mono.defer(() -> stopped.get() ? Mono.<Void>empty() : window(w)))
        .then();
  }

  private Mono<Void> window(SessionRequest w) {
    AtomicBoolean complete = new AtomicBoolean();
    IngestSummary before = counters.snapshot(0);
    return tracker.creating(w).then(sessions.within(w, s -> tracker.opened(s, w)
            .then(sink.write(download.records(s)
                    // upstream of takeUntilOther: fires only when the download really ended, not when stopped
                    .doOnComplete(() -> complete.set(true))
                    .takeUntilOther(stop.asMono())
                    // counted here: a record that met the stop is dropped unread (its window is read again)
                    .doOnNext(d -> counters.recordRead(d instanceof Doc)))
                .doOnNext(counters::add)
                .then())))
        .then(Mono.defer(() -> complete.get()
            ? tracker.finished(w, minus(counters.snapshot(0), before))
            : tracker.abandoned(w, null)))
        .onErrorResume(e -> tracker.abandoned(w, e).onErrorResume(e2 -> {
          e.addSuppressed(e2);
          return Mono.empty();
        }).then(Mono.error(e)));
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
