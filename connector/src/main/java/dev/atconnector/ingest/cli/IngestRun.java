package dev.atconnector.ingest.cli;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.atconnector.ingest.App;
import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.CheckpointTracker;
import dev.atconnector.ingest.checkpoint.SourceCheckpoint;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.metrics.CheckpointLagGauge;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.metrics.RunMetrics;
import dev.atconnector.ingest.metrics.Side;
import dev.atconnector.ingest.metrics.SourceHealth;
import dev.atconnector.ingest.pipeline.IngestCounters;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.pipeline.Retraction;
import dev.atconnector.ingest.pipeline.SourceOutcome;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.ExistingIds;
import dev.atconnector.ingest.sink.DiscardingTransport;
import dev.atconnector.ingest.sink.EsClients;
import dev.atconnector.ingest.sink.SessionRetraction;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SourceRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Runs one validated ingest: wires the clients, checks Elasticsearch, takes the source's checkpoint lease (and
 * deletes a session a killed run left open), runs the job, and on Ctrl-C/SIGTERM stops it gracefully
 * ({@link GracefulStop}). Ends with the one-line summary on stdout and an exit code.
 */
final class IngestRun implements IngestCommand.Runner {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
  private static final Duration SESSION_DELETE_LIMIT = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  static final Duration PRUNE_AGE = Duration.ofHours(6);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean installShutdownHook;
  private final MeterRegistry meters;

  private final RunMetrics.Hook metricsHook;

  IngestRun(PrintWriter out, PrintWriter err, boolean installShutdownHook, MeterRegistry meters) {
    this(out, err, installShutdownHook, meters, RunMetrics.Hook.NONE);
  }

  /** @param metricsHook sees the metrics server before it stops (tests read the endpoints there) */
  IngestRun(PrintWriter out, PrintWriter err, boolean installShutdownHook, MeterRegistry meters,
      RunMetrics.Hook metricsHook) {
    this.out = out;
    this.err = err;
    this.installShutdownHook = installShutdownHook;
    this.meters = meters;
    this.metricsHook = metricsHook;
  }

  IngestRun(PrintWriter out, PrintWriter err) {
    this(out, err, true, new SimpleMeterRegistry());
  }

  @Override
  public int run(IngestConfig config) {
    return run(config, false);
  }

  @Override
  public int runDiscarding(IngestConfig config) {
    return run(config, true);
  }

  /**
   * Runs every source of a sources file: each as {@link #run(IngestConfig)} would (its own lease, checkpoint,
   * sessions and summary line, labelled {@code source=NAME}), concurrently within the scheduler's bounds, sharing one
   * metrics server. One source failing does not stop the others; the exit code is the first failing source's.
   */
  @Override
  public int runSources(List<IngestCommand.NamedConfig> sources, SourceScheduler scheduler, boolean discard) {
    if (sources.isEmpty()) {
      return ExitCodes.OK;
    }
    return withMetrics(sources.get(0).config().metrics(), metrics -> runAll(sources, scheduler, discard, metrics));
  }

  private int runAll(List<IngestCommand.NamedConfig> sources, SourceScheduler scheduler, boolean discard,
      RunMetrics metrics) {
    List<SourceScheduler.Task<Integer>> tasks = sources.stream()
        .map(s -> new SourceScheduler.Task<>(s.name(), s.pool(),
            Mono.fromCallable(() -> run(s.config(), metrics, discard, "source=" + s.name() + " "))
                .subscribeOn(Schedulers.boundedElastic())))
        .toList();
    List<SourceOutcome<Integer>> outcomes = scheduler.run(tasks).block();
    int code = ExitCodes.OK;
    long failed = 0;
    for (SourceOutcome<Integer> o : outcomes == null ? List.<SourceOutcome<Integer>>of() : outcomes) {
      int c = o.value().orElse(ExitCodes.INTERNAL);
      if (c != ExitCodes.OK) {
        failed++;
        code = code == ExitCodes.OK ? c : code;
      }
    }
    out.println("at-connector ingest sources: " + sources.size() + " run, " + (sources.size() - failed) + " ok, "
        + failed + " failed");
    out.flush();
    return code;
  }

  private int run(IngestConfig config, boolean discard) {
    return withMetrics(config.metrics(), metrics -> run(config, metrics, discard, ""));
  }

  /** Serves the metrics endpoints (if asked) for as long as {@code body} runs; a port in use is a usage error. */
  private int withMetrics(MetricsSettings settings, ToIntFunction<RunMetrics> body) {
    RunMetrics metrics;
    try {
      metrics = RunMetrics.start(settings, meters, metricsHook);
    } catch (IllegalStateException e) {
      err.println("at-connector: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    try (metrics) {
      return body.applyAsInt(metrics);
    }
  }

  /** @param label put before the summary's counts ({@code source=NAME } under --config, else empty) */
  private int run(IngestConfig config, RunMetrics metrics, boolean discard, String label) {
    AtomicBoolean lostLease = new AtomicBoolean();
    long t0 = System.nanoTime();
    MeterRegistry registry = metrics.registry();
    IngestCounters counters = new IngestCounters(registry);
    HttpClient http = SourceHealth.observe(App.atHttp(config), metrics.readiness());
    RestClient rest = App.restClient(config);
    SourceCheckpoint checkpoint = null;
    boolean release = true;
    try {
      ElasticsearchAsyncClient es = discard ? DiscardingTransport.client(new DiscardingTransport())
          : App.esClient(rest);
      if (discard) {
        LOG.warn("--sink discard: bulk bodies are built and dropped, nothing is stored (benchmark only)");
      } else {
        metrics.readiness().check(Side.SINK, () -> Preflight.elasticsearch(es, config));
      }
      if (config.installTemplates() && !discard) {
        Preflight.templates(App.blocking(es), config);
      }
      if (!discard) {
        Preflight.pipeline(App.blocking(es), config);
      }
      SourceRetry retry = SourceRetry.defaults().onRetry(metrics.retries()::sourceRetried);
      AtClient at = App.atClient(config, http, retry);
      CheckpointStore store = new CheckpointStore(rest, config.checkpoint().index());
      store.ensureIndex();
      checkpoint = SourceCheckpoint.acquire(store, CheckpointTracker.sourceOf(config),
          SourceCheckpoint.processOwner(), config.checkpoint().leaseTtl(), Clock.systemUTC(), config.start(),
          config.end());
      Retraction retraction = discard ? Retraction.nothingStored()
          : new SessionRetraction(App.blocking(es), config.destination(), config.sink().deadLetterIndex());
      CheckpointTracker tracker = new CheckpointTracker(checkpoint, config, Clock.systemUTC(), at, retraction,
          SESSION_DELETE_LIMIT);
      registerLag(registry, label, checkpoint, config);
      tracker.pruneLeftOpenSession();
      pruneStaleSessions(at);
      ExistingIds existing = config.destination() instanceof Destination.DataStream && !discard
          ? ExistingIds.on(es, config.sink()) : ExistingIds.none();
      BulkSink sink = new BulkSink(es, config.sink(), registry, config.destination(), existing);
      IngestJob job = new IngestJob(config, at, sink, counters, retry, tracker, retraction, Clock.systemUTC());
      // a lease another process took over fails the run (firstWithSignal cancels the job, deleting its session)
      Mono<Void> guarded = Mono.firstWithSignal(job.run(), tracker.renewals().then());
      return await(job, guarded, counters, t0, config, label, lostLease);
    } catch (CheckpointException e) {
      release = e.kind() == CheckpointException.Kind.STORE;
      return report(e, counters, t0, label);
    } catch (RuntimeException e) {
      return report(EsClients.explainAuth(e, config.esAccess()), counters, t0, label);
    } finally {
      releaseLease(checkpoint, release, lostLease.get());
      close(rest);
    }
  }

  /**
   * {@code at.checkpoint.lag{source}}: how far the source's done-through day is behind now (from the range's start
   * while nothing is done). The tag is the source's name under --config, {@code cli} otherwise.
   */
  private static void registerLag(MeterRegistry registry, String label, SourceCheckpoint checkpoint,
      IngestConfig config) {
    String name = label.isEmpty() ? "cli" : label.substring("source=".length()).trim();
    try {
      CheckpointLagGauge.register(registry, name, () -> Duration.between(checkpoint.checkpoint().completedThrough()
          .map(d -> d.plusDays(1)).orElse(config.start()).atStartOfDay().toInstant(ZoneOffset.UTC), Instant.now()));
    } catch (IllegalArgumentException e) {
      LOG.warn("no at.checkpoint.lag for source {}: {}", name, e.getMessage());
    }
  }

  /** Gives the lease up (not when it was taken over: then it is not ours), so the next run need not wait. */
  private static void releaseLease(SourceCheckpoint checkpoint, boolean release, boolean lostLease) {
    if (checkpoint == null || !release || lostLease) {
      return;
    }
    try {
      checkpoint.release();
    } catch (RuntimeException e) {
      LOG.warn("could not release the lease of {} (it expires by itself): {}", checkpoint.source(), e.getMessage());
    }
  }

  /**
   * Deletes sessions a crashed earlier run left open (the service never does, and a space holds only 30). Only ones
   * unused for {@link #PRUNE_AGE}, far longer than a live run leaves a session untouched, so a concurrent run or a
   * manual download keeps its session. Only an auth failure stops the run here; others are its own business.
   */
  private static void pruneStaleSessions(AtClient at) {
    try {
      SessionPruner.Outcome o = SessionPruner.prune(at, PRUNE_AGE, Instant.now());
      if (!o.deleted().isEmpty() || !o.failed().isEmpty()) {
        LOG.info("pruned {} stale session(s) unused for over {} h: {}{}", o.deleted().size(), PRUNE_AGE.toHours(),
            o.deleted().stream().map(AtSession::id).toList(),
            o.failed().isEmpty() ? "" : "; could not delete " + o.failed());
      }
    } catch (SourceException e) {
      if (e.kind() == SourceException.Kind.AUTH) {
        throw e;
      }
      LOG.warn("could not look for stale sessions: {}", e.getMessage());
    }
  }

  private static void close(RestClient rest) {
    try {
      rest.close();
    } catch (IOException e) {
      LOG.warn("closing the Elasticsearch client failed: {}", e.toString());
    }
  }

  private int await(IngestJob job, Mono<Void> guarded, IngestCounters counters, long t0, IngestConfig config,
      String label, AtomicBoolean lostLease) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Disposable progress = Flux.interval(PROGRESS_EVERY, PROGRESS_EVERY)
        .subscribe(i -> LOG.info("progress: {}", counters.snapshot((System.nanoTime() - t0) / 1e9).line()));
    Disposable run = guarded.doFinally(sig -> progress.dispose()).subscribe(v -> { }, e -> {
      failure.set(e);
      done.countDown();
    }, done::countDown);
    GracefulStop stop = new GracefulStop(job, run, done);
    Runnable onSignal = stop::request;
    Thread hook = installShutdownHook ? installSignals(onSignal, stop, done) : null;
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.cancel();
      return ExitCodes.INTERRUPTED;
    }
    removeHook(hook);
    SignalTrap.remove(onSignal);
    Throwable f = failure.get();
    if (f instanceof CheckpointException ce && ce.kind() == CheckpointException.Kind.TAKEN_OVER) {
      lostLease.set(true);
    }
    if (f != null && !(stop.requested() && isCancellation(f))) {
      return report(EsClients.explainAuth(f, config.esAccess()), counters, t0, label);
    }
    if (stop.requested()) {
      printSummary(counters, t0, "stopped", label);
      err.println("at-connector: stopped" + (stop.cutShort() ? " (flush cut short: the current window is read again "
          + "next time)" : "") + "; the checkpoint is at the last finished window and no session is left open");
      err.flush();
      return ExitCodes.OK;
    }
    IngestSummary summary = printSummary(counters, t0, "ok", label);
    if (!summary.complete()) {
      LOG.error("records read ({}) do not add up to indexed + duplicates + dead-lettered ({}): this is a bug",
          summary.read(), summary.indexed() + summary.duplicates() + summary.deadLettered());
      return ExitCodes.INTERNAL;
    }
    return ExitCodes.OK;
  }

  private static boolean isCancellation(Throwable e) {
    return e instanceof java.util.concurrent.CancellationException;
  }

  /**
   * SIGTERM/SIGINT stop gracefully; a second one halts with 130. Without signal handling (an unusual JVM) a shutdown
   * hook stops gracefully instead, and then halts with 0 once the run ended (a hook cannot see a second signal).
   */
  private Thread installSignals(Runnable onSignal, GracefulStop stop, CountDownLatch done) {
    if (SignalTrap.install(onSignal)) {
      return null;
    }
    Thread hook = new Thread(() -> {
      stop.request();
      try {
        done.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(done.getCount() == 0 ? ExitCodes.OK : ExitCodes.INTERRUPTED);
    }, "at-connector-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // a signal arrived as the run finished: the hook sees the run done and exits with its code
    }
  }

  private int report(Throwable e, IngestCounters counters, long t0, String label) {
    Failures.Failure f = Failures.classify(e);
    LOG.debug("failure detail", e);
    err.println("at-connector: " + label + f.message());
    err.flush();
    printSummary(counters, t0, f.status(), label);
    return f.exitCode();
  }

  private IngestSummary printSummary(IngestCounters counters, long t0, String status, String label) {
    IngestSummary s = counters.snapshot((System.nanoTime() - t0) / 1e9);
    out.println("at-connector ingest " + status + ": " + label + s.line());
    out.flush();
    return s;
  }
}
