package dev.atconnector.ingest.app;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.atconnector.ingest.app.SourceResult.How;
import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.CheckpointTracker;
import dev.atconnector.ingest.checkpoint.SourceCheckpoint;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.metrics.CheckpointLagGauge;
import dev.atconnector.ingest.metrics.LeaseMeters;
import dev.atconnector.ingest.metrics.Readiness;
import dev.atconnector.ingest.metrics.RunMetrics;
import dev.atconnector.ingest.metrics.Side;
import dev.atconnector.ingest.metrics.SourceHealth;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.pipeline.IngestCounters;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.sink.Retraction;
import dev.atconnector.ingest.pipeline.SourceOutcome;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import dev.atconnector.ingest.session.SessionApi;
import dev.atconnector.ingest.session.SessionPruner;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.DiscardingTransport;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.sink.ExistingIds;
import dev.atconnector.ingest.sink.SessionRetraction;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.SourceRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * One ingest run, whoever starts it: wires the clients of each source, checks Elasticsearch, takes the source's
 * checkpoint lease, cleans up the sessions earlier runs left open, runs the job, stops it gracefully when the
 * {@link RunStop} is requested ({@link GracefulStop}), releases the lease, and returns what happened as a value
 * ({@link RunOutcome}). It prints nothing and knows no exit code: the {@link Listener} sees each source's result as
 * it ends (the CLI prints its summary line then), and the caller maps the outcome.
 */
public final class IngestApp {
  private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
  private static final Duration SESSION_DELETE_LIMIT = Duration.ofSeconds(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
  /** Bound on giving a lease up: within the stop's budget after the flush and the session delete. */
  private static final Duration RELEASE_LIMIT = Duration.ofSeconds(1);

  /** Sees each source's result as soon as it ends (several at once under {@code --config}: thread-safe). */
  public interface Listener {
    void ended(SourceResult result);
  }

  /**
   * What to run.
   *
   * @param run what the sources share
   * @param sources the sources, at least one
   * @param scheduler how many run at once (one-shot), how many this process holds at once (follow)
   * @param single the one source of the command line (no {@code --config}): no scheduler, its follow holds one
   * @param discard build the bulk bodies and drop them ({@code --sink discard}, benchmark only)
   */
  public record Request(RunSettings run, List<SourceRun> sources, SourceScheduler scheduler, boolean single,
      boolean discard) {
    public Request {
      Objects.requireNonNull(run, "run");
      sources = List.copyOf(sources);
      Objects.requireNonNull(scheduler, "scheduler");
    }

    /** The single source of the command line. */
    public static Request single(IngestConfig config, boolean discard) {
      return new Request(config.run(), List.of(SourceRun.single(config)), new SourceScheduler(1, 1), true, discard);
    }
  }

  private final MeterRegistry meters;
  private final RunMetrics.Hook metricsHook;
  private final Listener listener;
  /** Runs one source of a one-shot run to its end; null: the real one ({@link #runOne}). */
  private final SourceRunner oneShot;
  /** The current lag of each source by name: what its {@code at.checkpoint.lag} gauge reads. */
  private final Map<String, Supplier<Duration>> lagOf = new ConcurrentHashMap<>();
  /** The failed windows of each source by name: what its {@code at.windows.failed} gauge and readiness read. */
  private final Map<String, IntSupplier> failedOf = new ConcurrentHashMap<>();

  /**
   * @param meters where the run's meters go
   * @param metricsHook sees the metrics server before it stops (tests read the endpoints there)
   * @param listener sees each source's result as it ends
   */
  public IngestApp(MeterRegistry meters, RunMetrics.Hook metricsHook, Listener listener) {
    this(meters, metricsHook, listener, null);
  }

  /** @param oneShot runs each source of a one-shot sources run instead of the real wiring (tests) */
  IngestApp(MeterRegistry meters, RunMetrics.Hook metricsHook, Listener listener, SourceRunner oneShot) {
    this.meters = meters;
    this.metricsHook = metricsHook;
    this.listener = listener;
    this.oneShot = oneShot;
  }

  /** Runs one source to its end and says how it ended; the real one wires clients, lease and job. */
  interface SourceRunner {
    SourceResult run(SourceRun source, RunStop stop);
  }

  private SourceRunner oneShot(Ctx ctx) {
    return oneShot != null ? oneShot : (s, stop) -> runOne(s, ctx, own(s.config(), ctx));
  }

  /** What every source of one run shares: its metrics, its stop, its lease meters, and the sink choice. */
  private record Ctx(RunMetrics metrics, RunStop stop, LeaseMeters leases, boolean discard, boolean single) {}

  /** How a source's run gets its lease, and who wants to see its job (to hand the source over). */
  private record Leasing(Function<CheckpointStore, SourceCheckpoint> take, Consumer<IngestJob> onJob) {}

  /**
   * Runs the request until it ends or {@code stop} is requested. One-shot, each source as a run of its own (its own
   * lease, checkpoint, sessions and result) concurrently within the scheduler's bounds, sharing one metrics server
   * and one stop. With {@code --follow}, the sources are shared out among every process given the same sources
   * ({@link FollowCoordinator}).
   *
   * @throws ConfigException when the metrics server cannot listen on its port
   */
  public RunOutcome run(Request request, RunStop stop) {
    if (request.sources().isEmpty()) {
      return new RunOutcome(List.of(), Optional.empty());
    }
    RunMetrics metrics;
    try {
      metrics = RunMetrics.start(request.run().metrics(), meters, metricsHook);
    } catch (IllegalStateException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    try (metrics) {
      Ctx ctx = new Ctx(metrics, stop, new LeaseMeters(metrics.registry()), request.discard(), request.single());
      if (request.run().checkpoint().follow()) {
        return follow(request, ctx);
      }
      if (request.single()) {
        SourceRun source = request.sources().get(0);
        return new RunOutcome(List.of(ended(runOne(source, ctx, own(source.config(), ctx)))), Optional.empty());
      }
      return runAll(request, ctx);
    }
  }

  private RunOutcome runAll(Request request, Ctx ctx) {
    List<SourceScheduler.Task<SourceResult>> tasks = request.sources().stream()
        .map(s -> new SourceScheduler.Task<>(s.name(), s.pool(),
            // a source whose slot comes after the stop does not start (it used to, and ran on under --follow)
            Mono.fromCallable(() -> ended(ctx.stop().requested() ? SourceResult.notStarted(s.name())
                    : oneShot(ctx).run(s, ctx.stop())))
                .subscribeOn(Schedulers.boundedElastic())))
        .toList();
    List<SourceOutcome<SourceResult>> outcomes = request.scheduler().run(tasks).block();
    List<SourceResult> results = (outcomes == null ? List.<SourceOutcome<SourceResult>>of() : outcomes).stream()
        .map(o -> o.value().orElseGet(() -> ended(SourceResult.failed(o.name(), How.FAILED, zero(ctx), List.of(),
            o.error().orElseGet(() -> new IllegalStateException("source " + o.name() + " ended without a result"))))))
        .toList();
    return new RunOutcome(results, Optional.empty());
  }

  /**
   * {@code --follow}: the coordinator claims this process's share of the sources, takes over those of processes that
   * stopped renewing, hands surplus over at window boundaries, and runs each held source here.
   */
  private RunOutcome follow(Request request, Ctx ctx) {
    RunSettings run = request.run();
    RestClient rest = EsClients.restClient(run.es());
    try {
      CheckpointStore store = new CheckpointStore(rest, run.checkpoint().index());
      int capacity = ctx.single() ? 1 : request.scheduler().maxConcurrent();
      int maxPerPool = ctx.single() ? 1 : request.scheduler().maxPerPool();
      FollowCoordinator coordinator = new FollowCoordinator(request.sources(), store,
          SourceCheckpoint.processOwner(), capacity, maxPerPool, run.checkpoint(), ctx.stop(), ctx.leases(),
          Clock.systemUTC(),
          (source, claimed, onJob) -> ended(runOne(source, ctx,
              // renewed as the run takes it: the claim may be seconds old (the run's preflight comes in between)
              new Leasing(s -> {
                claimed.renew();
                return claimed;
              }, onJob))));
      List<SourceResult> failed = coordinator.run();
      return new RunOutcome(failed, Optional.of(coordinator.tally()));
    } catch (RuntimeException e) {
      SourceResult r = ended(SourceResult.failed("", How.FAILED, zero(ctx), List.of(),
          EsClients.explainAuth(e, run.es())));
      return new RunOutcome(List.of(r), Optional.empty());
    } finally {
      close(rest);
    }
  }

  private static IngestSummary zero(Ctx ctx) {
    return new IngestCounters(ctx.metrics().registry()).snapshot(0);
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

  /** The label before the progress line's counts: {@code source=NAME } under --config, else empty. */
  private static String label(SourceRun source, Ctx ctx) {
    return ctx.single() ? "" : "source=" + source.name() + " ";
  }

  /**
   * One source's run: clients, preflight, lease, start-up clean-up, the job, and the lease's release. The caller
   * shows the result to the listener ({@link #ended}).
   */
  private SourceResult runOne(SourceRun source, Ctx ctx, Leasing leasing) {
    IngestConfig config = source.config();
    String name = source.name();
    AtomicBoolean lostLease = new AtomicBoolean();
    long t0 = System.nanoTime();
    RunMetrics metrics = ctx.metrics();
    MeterRegistry registry = metrics.registry();
    IngestCounters counters = new IngestCounters(registry);
    HttpClient http = SourceHealth.observe(Clients.atHttp(config), metrics.readiness());
    RestClient rest = Clients.restClient(config);
    SourceCheckpoint checkpoint = null;
    boolean release = true;
    How how = How.FAILED;
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
      SourceRetry retry = SourceRetry.defaults(config.run().backoffScale()).onRetry(metrics.retries()::sourceRetried);
      AtClient at = Clients.atClient(config, http, retry);
      CheckpointStore store = new CheckpointStore(rest, config.checkpoint().index());
      store.ensureIndex();
      checkpoint = leasing.take().apply(store);
      if (ctx.stop().requested()) {
        how = How.NOT_STARTED;
        return SourceResult.notStarted(name);
      }
      Retraction retraction = ctx.discard() ? Retraction.nothingStored()
          : new SessionRetraction(Clients.blocking(es), config.destination(), config.sink().deadLetterIndex());
      CheckpointTracker tracker = new CheckpointTracker(checkpoint, config, Clock.systemUTC(), at, retraction,
          SESSION_DELETE_LIMIT);
      registerLag(registry, metrics.readiness(), name, checkpoint, config);
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
        SessionPruner.atStart(SessionApi.of(at));
      }).subscribeOn(Schedulers.boundedElastic()).then();
      // a lease another process took over fails the run (firstWithSignal cancels the job, deleting its session)
      Mono<Void> guarded = Mono.firstWithSignal(startUp.then(job.run()), tracker.renewals().then());
      SourceResult result = await(job, guarded, counters, t0, source, ctx, lostLease);
      how = result.how();
      return result;
    } catch (CheckpointException e) {
      release = e.kind() == CheckpointException.Kind.STORE;
      how = switch (e.kind()) {
        case LEASED -> How.HELD;
        case TAKEN_OVER -> How.LOST;
        case STORE -> How.FAILED;
      };
      lostLease.compareAndSet(false, how == How.LOST);
      return SourceResult.failed(name, how, snapshot(counters, t0), counters.failedWindows(), e);
    } catch (RuntimeException e) {
      how = How.FAILED;
      return SourceResult.failed(name, How.FAILED, snapshot(counters, t0), counters.failedWindows(),
          EsClients.explainAuth(e, config.esAccess()));
    } finally {
      if (checkpoint != null && lostLease.get()) {
        ctx.leases().lostLease();
      } else if (checkpoint != null) {
        releaseLease(checkpoint, release, ctx.leases(), releaseReason(how, ctx.stop()));
      }
      close(rest);
    }
  }

  /** Shows {@code result} to the listener and returns it. */
  private SourceResult ended(SourceResult result) {
    listener.ended(result);
    return result;
  }

  private static IngestSummary snapshot(IngestCounters counters, long t0) {
    return counters.snapshot((System.nanoTime() - t0) / 1e9);
  }

  private static LeaseMeters.Release releaseReason(How how, RunStop stop) {
    if (stop.requested()) {
      return LeaseMeters.Release.STOP;
    }
    return switch (how) {
      case HANDED_OVER -> LeaseMeters.Release.BALANCE;
      case FAILED -> LeaseMeters.Release.FAILURE;
      case STOPPED, NOT_STARTED -> LeaseMeters.Release.STOP;
      default -> LeaseMeters.Release.END;
    };
  }

  /**
   * {@code at.checkpoint.lag{source}}: how far the source's done-through day is behind now (from the range's start
   * while nothing is done). The tag is the source's name ({@code cli} for the command line's single source).
   */
  private void registerLag(MeterRegistry registry, Readiness readiness, String name, SourceCheckpoint checkpoint,
      IngestConfig config) {
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

  private static void close(RestClient rest) {
    try {
      rest.close();
    } catch (IOException e) {
      LOG.warn("closing the Elasticsearch client failed: {}", e.toString());
    }
  }

  private SourceResult await(IngestJob job, Mono<Void> guarded, IngestCounters counters, long t0, SourceRun source,
      Ctx ctx, AtomicBoolean lostLease) {
    String name = source.name();
    String label = label(source, ctx);
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
    ctx.stop().register(onStop);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.cancel();
      return SourceResult.failed(name, How.FAILED, snapshot(counters, t0), counters.failedWindows(), e);
    } finally {
      ctx.stop().unregister(onStop);
    }
    Throwable f = failure.get();
    if (f instanceof CheckpointException ce && ce.kind() == CheckpointException.Kind.TAKEN_OVER) {
      lostLease.set(true);
    }
    if (f != null && !(stop.requested() && isCancellation(f))) {
      return SourceResult.failed(name, lostLease.get() ? How.LOST : How.FAILED, snapshot(counters, t0),
          counters.failedWindows(), EsClients.explainAuth(f, source.config().esAccess()));
    }
    IngestSummary summary = snapshot(counters, t0);
    if (stop.requested()) {
      return new SourceResult(name, How.STOPPED, summary, counters.failedWindows(), Optional.empty(),
          stop.cutShort());
    }
    if (!summary.complete()) {
      return SourceResult.failed(name, How.FAILED, summary, counters.failedWindows(), new IllegalStateException(
          "records read (" + summary.read() + ") do not add up to indexed + duplicates + dead-lettered ("
              + (summary.indexed() + summary.duplicates() + summary.deadLettered()) + "): this is a bug"));
    }
    return SourceResult.of(name, job.endingAfterWindow() ? How.HANDED_OVER : How.DONE, summary,
        counters.failedWindows());
  }

  private static boolean isCancellation(Throwable e) {
    return e instanceof java.util.concurrent.CancellationException;
  }
}
