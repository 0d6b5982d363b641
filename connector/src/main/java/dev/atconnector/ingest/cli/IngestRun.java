package dev.atconnector.ingest.cli;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.atconnector.ingest.app.Clients;
import dev.atconnector.ingest.app.GracefulStop;
import dev.atconnector.ingest.app.Preflight;
import dev.atconnector.ingest.app.RunStop;
import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.CheckpointTracker;
import dev.atconnector.ingest.checkpoint.SourceCheckpoint;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.metrics.CheckpointLagGauge;
import dev.atconnector.ingest.metrics.LeaseMeters;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.metrics.Readiness;
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
import dev.atconnector.ingest.session.SessionPruner;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.ExistingIds;
import dev.atconnector.ingest.sink.DiscardingTransport;
import dev.atconnector.ingest.sink.EsClients;
import dev.atconnector.ingest.sink.SessionRetraction;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SessionRequest;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
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
  private static final Duration SESSION_DELETE_LIMIT = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  /** Bound on giving a lease up: within the stop's budget after the flush and the session delete. */
  private static final Duration RELEASE_LIMIT = Duration.ofSeconds(1);
  static final Duration PRUNE_AGE = Duration.ofHours(6);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean installShutdownHook;
  private final MeterRegistry meters;

  private final RunMetrics.Hook metricsHook;
  /** The current lag of each source by name: what its {@code at.checkpoint.lag} gauge reads. */
  private final Map<String, Supplier<Duration>> lagOf = new ConcurrentHashMap<>();
  /** The failed windows of each source by name: what its {@code at.windows.failed} gauge and readiness read. */
  private final Map<String, IntSupplier> failedOf = new ConcurrentHashMap<>();

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

  /** How one source's run ended, for the callers that run several: its exit code and why. */
  record Ended(int code, How how) {}

  /** Why a source's run ended. */
  enum How {
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

  /** What every source of one CLI run shares: its metrics, its stop, its lease meters, and the sink choice. */
  private record Ctx(RunMetrics metrics, RunStop stop, LeaseMeters leases, boolean discard) {}

  /** How a source's run gets its lease, and who wants to see its job (to hand the source over). */
  private record Leasing(Function<CheckpointStore, SourceCheckpoint> take, Consumer<IngestJob> onJob) {}

  /**
   * Runs every source of a sources file: each as {@link #run(IngestConfig)} would (its own lease, checkpoint,
   * sessions and summary line, labelled {@code source=NAME}), sharing one metrics server and one stop. One-shot,
   * concurrently within the scheduler's bounds; a source another process holds is reported, not failed; the exit
   * code is the first failing source's. With {@code --follow}, the sources are shared out among every process given
   * the same file ({@link FollowCoordinator}).
   */
  @Override
  public int runSources(List<IngestCommand.NamedConfig> sources, SourceScheduler scheduler, boolean discard) {
    if (sources.isEmpty()) {
      return ExitCodes.OK;
    }
    return withMetrics(sources.get(0).config().metrics(), metrics -> withStop(stop -> {
      Ctx ctx = new Ctx(metrics, stop, new LeaseMeters(metrics.registry()), discard);
      return sources.get(0).config().checkpoint().follow()
          ? follow(sources, scheduler.maxConcurrent(), scheduler.maxPerPool(), ctx, false)
          : runAll(sources, scheduler, ctx);
    }));
  }

  private int runAll(List<IngestCommand.NamedConfig> sources, SourceScheduler scheduler, Ctx ctx) {
    List<SourceScheduler.Task<Ended>> tasks = sources.stream()
        .map(s -> new SourceScheduler.Task<>(s.name(), s.pool(),
            // a source whose slot comes after the stop does not start (it used to, and ran on under --follow)
            Mono.fromCallable(() -> ctx.stop().requested() ? new Ended(ExitCodes.OK, How.NOT_STARTED)
                    : runOne(s.config(), ctx, "source=" + s.name() + " ", own(s.config(), ctx)))
                .subscribeOn(Schedulers.boundedElastic())))
        .toList();
    List<SourceOutcome<Ended>> outcomes = scheduler.run(tasks).block();
    int code = ExitCodes.OK;
    long ok = 0;
    long held = 0;
    long failed = 0;
    long notStarted = 0;
    long partial = 0;
    for (SourceOutcome<Ended> o : outcomes == null ? List.<SourceOutcome<Ended>>of() : outcomes) {
      Ended e = o.value().orElse(new Ended(ExitCodes.INTERNAL, How.FAILED));
      switch (e.how()) {
        case HELD, LOST -> held++;
        case NOT_STARTED -> notStarted++;
        case FAILED -> {
          failed++;
          code = code == ExitCodes.OK || code == ExitCodes.WINDOWS_FAILED ? e.code() : code;
        }
        default -> {
          ok++;
          if (e.code() == ExitCodes.WINDOWS_FAILED) {
            partial++;
            code = code == ExitCodes.OK ? ExitCodes.WINDOWS_FAILED : code;
          }
        }
      }
    }
    out.println("at-connector ingest sources: " + sources.size() + " run, " + ok + " ok, "
        + (partial > 0 ? partial + " with failed windows, " : "")
        + (held > 0 ? held + " held by another process, " : "")
        + (notStarted > 0 ? notStarted + " not started (stopped), " : "") + failed + " failed");
    out.flush();
    return code;
  }

  /** A source without --config: one-shot as before (exit 6 when leased), or followed as a sources file of one. */
  private int run(IngestConfig config, boolean discard) {
    return withMetrics(config.metrics(), metrics -> withStop(stop -> {
      Ctx ctx = new Ctx(metrics, stop, new LeaseMeters(metrics.registry()), discard);
      if (config.checkpoint().follow()) {
        String pool = config.endpoint() + " " + config.spaceId();
        return follow(List.of(new IngestCommand.NamedConfig("cli", pool, config)), 1, 1, ctx, true);
      }
      return runOne(config, ctx, "", own(config, ctx)).code();
    }));
  }

  /**
   * {@code --follow}: the coordinator claims this process's share of the sources, takes over those of processes that
   * stopped renewing, hands surplus over at window boundaries, and runs each held source here.
   */
  private int follow(List<IngestCommand.NamedConfig> sources, int capacity, int maxPerPool, Ctx ctx,
      boolean single) {
    IngestConfig first = sources.get(0).config();
    RestClient rest = Clients.restClient(first);
    try {
      CheckpointStore store = new CheckpointStore(rest, first.checkpoint().index());
      FollowCoordinator coordinator = new FollowCoordinator(sources, store, SourceCheckpoint.processOwner(),
          capacity, maxPerPool, first.checkpoint(), ctx.stop(), ctx.leases(), Clock.systemUTC(),
          (source, claimed, onJob) -> runOne(source.config(), ctx, single ? "" : "source=" + source.name() + " ",
              // renewed as the run takes it: the claim may be seconds old (the run's preflight comes in between)
              new Leasing(s -> {
                claimed.renew();
                return claimed;
              }, onJob)));
      int code = coordinator.run();
      if (!single) {
        out.println("at-connector ingest sources: " + coordinator.summary());
        out.flush();
      }
      return code;
    } catch (RuntimeException e) {
      return report(EsClients.explainAuth(e, first.esAccess()), new IngestCounters(ctx.metrics().registry()),
          System.nanoTime(), "");
    } finally {
      close(rest);
    }
  }

  /** The source's own lease, taken at its start; another process's live lease fails it with LEASED. */
  private static Leasing own(IngestConfig config, Ctx ctx) {
    return new Leasing(store -> {
      SourceId id = CheckpointTracker.sourceOf(config);
      SourceCheckpoint.Claim claim = SourceCheckpoint.claim(store, id, SourceCheckpoint.processOwner(),
          config.checkpoint().leaseTtl(), Clock.systemUTC(), config.start(), config.end(),
          config.checkpoint().retryFailed());
      if (claim.heldBy().isPresent()) {
        throw SourceCheckpoint.leased(id, claim.heldBy().get());
      }
      claim.tookOverFrom().ifPresent(l -> LOG.info("source {}: took over the lease of {} (expired {})", id,
          l.owner(), l.expiresAt()));
      ctx.leases().claimed(claim.tookOverFrom().isPresent());
      return claim.taken().orElseThrow();
    }, job -> { });
  }

  /** One stop for the whole CLI run ({@link RunStop#around}). */
  private int withStop(ToIntFunction<RunStop> body) {
    return StopSignals.around(installShutdownHook, () -> {
      out.flush();
      err.flush();
    }, body);
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

  /**
   * One source's run: clients, preflight, lease, start-up clean-up, the job, and the lease's release.
   *
   * @param label put before the summary's counts ({@code source=NAME } under --config, else empty)
   */
  private Ended runOne(IngestConfig config, Ctx ctx, String label, Leasing leasing) {
    AtomicBoolean lostLease = new AtomicBoolean();
    long t0 = System.nanoTime();
    RunMetrics metrics = ctx.metrics();
    MeterRegistry registry = metrics.registry();
    IngestCounters counters = new IngestCounters(registry);
    HttpClient http = SourceHealth.observe(Clients.atHttp(config), metrics.readiness());
    RestClient rest = Clients.restClient(config);
    SourceCheckpoint checkpoint = null;
    boolean release = true;
    Ended ended = new Ended(ExitCodes.INTERNAL, How.FAILED);
    try {
      ElasticsearchAsyncClient es = ctx.discard() ? DiscardingTransport.client(new DiscardingTransport())
          : Clients.esClient(rest);
      if (ctx.discard()) {
        LOG.warn("--sink discard: bulk bodies are built and dropped, nothing is stored (benchmark only)");
      } else {
        metrics.readiness().check(Side.SINK, () -> Preflight.elasticsearch(es, config));
      }
      if (config.installTemplates() && !ctx.discard()) {
        Preflight.templates(Clients.blocking(es), config);
      }
      if (!ctx.discard()) {
        Preflight.pipeline(Clients.blocking(es), config);
      }
      SourceRetry retry = SourceRetry.defaults().onRetry(metrics.retries()::sourceRetried);
      AtClient at = Clients.atClient(config, http, retry);
      CheckpointStore store = new CheckpointStore(rest, config.checkpoint().index());
      store.ensureIndex();
      checkpoint = leasing.take().apply(store);
      if (ctx.stop().requested()) {
        ended = new Ended(ExitCodes.OK, How.NOT_STARTED);
        return ended;
      }
      Retraction retraction = ctx.discard() ? Retraction.nothingStored()
          : new SessionRetraction(Clients.blocking(es), config.destination(), config.sink().deadLetterIndex());
      CheckpointTracker tracker = new CheckpointTracker(checkpoint, config, Clock.systemUTC(), at, retraction,
          SESSION_DELETE_LIMIT);
      registerLag(registry, metrics.readiness(), label, checkpoint, config);
      // on a data stream a window that may hold documents already looks their _ids up before writing (a rollover
      // puts the same _id in another backing index, where create would not see it)
      ExistingIds existing = config.destination() instanceof Destination.DataStream && !ctx.discard()
          ? ExistingIds.on(es, config.sink()) : ExistingIds.none();
      BulkSink sink = new BulkSink(es, config.sink(), registry, config.destination(), existing);
      IngestJob job = new IngestJob(config, at, sink, counters, retry, tracker, retraction, Clock.systemUTC());
      leasing.onJob().accept(job);
      // the clean-up after a killed (or taken-over) holder runs inside the stoppable chain: a stop during it is
      // bounded like any other (what it did not finish stays in the checkpoint for the next start)
      Mono<Void> startUp = Mono.fromRunnable(() -> {
        tracker.pruneLeftOpenSession();
        pruneStaleSessions(at);
      }).subscribeOn(Schedulers.boundedElastic()).then();
      // a lease another process took over fails the run (firstWithSignal cancels the job, deleting its session)
      Mono<Void> guarded = Mono.firstWithSignal(startUp.then(job.run()), tracker.renewals().then());
      ended = await(job, guarded, counters, t0, config, label, lostLease, ctx.stop());
      return ended;
    } catch (CheckpointException e) {
      release = e.kind() == CheckpointException.Kind.STORE;
      How how = switch (e.kind()) {
        case LEASED -> How.HELD;
        case TAKEN_OVER -> How.LOST;
        case STORE -> How.FAILED;
      };
      lostLease.compareAndSet(false, how == How.LOST);
      ended = new Ended(report(e, counters, t0, label), how);
      return ended;
    } catch (RuntimeException e) {
      ended = new Ended(report(EsClients.explainAuth(e, config.esAccess()), counters, t0, label), How.FAILED);
      return ended;
    } finally {
      if (checkpoint != null && lostLease.get()) {
        ctx.leases().lostLease();
      } else if (checkpoint != null) {
        releaseLease(checkpoint, release, ctx.leases(), releaseReason(ended, ctx.stop()));
      }
      close(rest);
    }
  }

  private static LeaseMeters.Release releaseReason(Ended ended, RunStop stop) {
    if (stop.requested()) {
      return LeaseMeters.Release.STOP;
    }
    return switch (ended.how()) {
      case HANDED_OVER -> LeaseMeters.Release.BALANCE;
      case FAILED -> LeaseMeters.Release.FAILURE;
      case STOPPED, NOT_STARTED -> LeaseMeters.Release.STOP;
      default -> LeaseMeters.Release.END;
    };
  }

  /**
   * {@code at.checkpoint.lag{source}}: how far the source's done-through day is behind now (from the range's start
   * while nothing is done). The tag is the source's name under --config, {@code cli} otherwise.
   */
  private void registerLag(MeterRegistry registry, Readiness readiness, String label, SourceCheckpoint checkpoint,
      IngestConfig config) {
    String name = label.isEmpty() ? "cli" : label.substring("source=".length()).trim();
    // a source claimed again (--follow) reports its new checkpoint: the gauge reads whatever is current
    lagOf.put(name, () -> Duration.between(checkpoint.checkpoint().completedThrough()
        .map(d -> d.plusDays(1)).orElse(config.start()).atStartOfDay().toInstant(ZoneOffset.UTC), Instant.now()));
    failedOf.put(name, () -> checkpoint.checkpoint().failedWindows().size());
    IntSupplier failed = () -> failedOf.getOrDefault(name, () -> 0).getAsInt();
    readiness.failedWindows(name, failed);
    try {
      CheckpointLagGauge.register(registry, name, () -> lagOf.getOrDefault(name, () -> Duration.ZERO).get());
      CheckpointLagGauge.registerFailedWindows(registry, name, failed);
    } catch (IllegalArgumentException e) {
      LOG.warn("no at.checkpoint.lag / at.windows.failed for source {}: {}", name, e.getMessage());
    }
  }

  /** Gives the lease up (not when it was taken over: then it is not ours), so the next run need not wait. */
  private static void releaseLease(SourceCheckpoint checkpoint, boolean release, LeaseMeters leases,
      LeaseMeters.Release why) {
    if (!release) {
      leases.dropped();
      return;
    }
    try {
      // bounded: a stop must not wait on an Elasticsearch that does not answer (the lease then expires by itself)
      CompletableFuture.runAsync(checkpoint::release, Schedulers.boundedElastic()::schedule)
          .get(RELEASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      leases.released(why);
      LOG.info("source {}: lease released ({})", checkpoint.source(), why.name().toLowerCase(java.util.Locale.ROOT));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      leases.dropped();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn("could not release the lease of {} (it expires by itself): {}", checkpoint.source(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      leases.dropped();
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

  private Ended await(IngestJob job, Mono<Void> guarded, IngestCounters counters, long t0, IngestConfig config,
      String label, AtomicBoolean lostLease, RunStop runStop) {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Disposable progress = Flux.interval(PROGRESS_EVERY, PROGRESS_EVERY)
        .subscribe(i -> LOG.info("{}progress: {}", label, counters.snapshot((System.nanoTime() - t0) / 1e9).line()));
    Disposable run = guarded.doFinally(sig -> progress.dispose()).subscribe(v -> { }, e -> {
      failure.set(e);
      done.countDown();
    }, done::countDown);
    GracefulStop stop = new GracefulStop(job, run, done);
    Runnable onStop = stop::request;
    // called at once when the stop came while this source was starting
    runStop.register(onStop);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.cancel();
      return new Ended(ExitCodes.INTERRUPTED, How.FAILED);
    } finally {
      runStop.unregister(onStop);
    }
    Throwable f = failure.get();
    if (f instanceof CheckpointException ce && ce.kind() == CheckpointException.Kind.TAKEN_OVER) {
      lostLease.set(true);
    }
    if (f != null && !(stop.requested() && isCancellation(f))) {
      return new Ended(report(EsClients.explainAuth(f, config.esAccess()), counters, t0, label),
          lostLease.get() ? How.LOST : How.FAILED);
    }
    if (stop.requested()) {
      printSummary(counters, t0, "stopped", label);
      err.println("at-connector: " + label + "stopped" + (stop.cutShort() ? " (flush cut short: the current window "
          + "is read again next time)" : "") + "; the checkpoint is at the last finished window and no session is "
          + "left open");
      err.flush();
      return new Ended(ExitCodes.OK, How.STOPPED);
    }
    List<SessionRequest> failedWindows = counters.failedWindows();
    IngestSummary summary = printSummary(counters, t0, job.endingAfterWindow() ? "handed-over"
        : failedWindows.isEmpty() ? "ok" : "partial", label);
    if (!summary.complete()) {
      LOG.error("records read ({}) do not add up to indexed + duplicates + dead-lettered ({}): this is a bug",
          summary.read(), summary.indexed() + summary.duplicates() + summary.deadLettered());
      return new Ended(ExitCodes.INTERNAL, How.FAILED);
    }
    if (!failedWindows.isEmpty()) {
      err.println("at-connector: " + label + failedWindows.size() + " window(s) failed on every attempt and were "
          + "recorded as failed in the checkpoint (its done-through day stays before them): " + failedWindows
          + "; `at-connector checkpoints` shows why; read them again with `ingest --retry-failed`");
      err.flush();
      // a follow process reports them through /health/ready and at.windows.failed: its stop is not an outcome
      return new Ended(config.checkpoint().follow() ? ExitCodes.OK : ExitCodes.WINDOWS_FAILED,
          job.endingAfterWindow() ? How.HANDED_OVER : How.DONE);
    }
    return new Ended(ExitCodes.OK, job.endingAfterWindow() ? How.HANDED_OVER : How.DONE);
  }

  private static boolean isCancellation(Throwable e) {
    return e instanceof java.util.concurrent.CancellationException;
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
    int failed = counters.failedWindows().size();
    out.println("at-connector ingest " + status + ": " + label + s.line() + (failed > 0 ? " failed_windows=" + failed
        : ""));
    out.flush();
    return s;
  }
}
