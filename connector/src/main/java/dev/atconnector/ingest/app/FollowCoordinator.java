package dev.atconnector.ingest.app;

import dev.atconnector.ingest.app.SourceResult.How;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.CheckpointTracker;
import dev.atconnector.ingest.checkpoint.Member;
import dev.atconnector.ingest.checkpoint.Shares;
import dev.atconnector.ingest.checkpoint.SourceCheckpoint;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.config.CheckpointSettings;
import dev.atconnector.ingest.metrics.LeaseMeters;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.pipeline.IngestSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest --follow}: this process's part of a service made of every process given the same sources (issue
 * 16). The processes coordinate through the checkpoint index only, as Kibana's task manager does: documents,
 * conditional writes and expiry, no leader.
 *
 * <p>Every cycle ({@code min(poll interval, lease TTL / 3)}) it renews its member document, reads every checkpoint
 * and member at once, and works out its share of the sources ({@link Shares}: the same answer in every process).
 * Below its share it claims sources nobody holds, or whose holder stopped renewing (a takeover: the runner then
 * deletes the session the dead holder left open, takes back what its unfinished window stored, and continues from
 * the checkpoint); a source held by a live process is simply looked at again next cycle. Above its share it hands
 * the newest ones over at their next window boundary, never inside a window. Each held source runs on its own
 * thread ({@link Runner}) until it is stopped, handed over, taken over, or fails (then this process leaves it to the
 * others). The stop ({@link RunStop}) reaches every runner at once; each releases its lease as it ends, and the
 * member document is deleted, so the others take over without waiting for expiry.
 */
final class FollowCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(FollowCoordinator.class);

  /** Runs one claimed source until it ends; shows its job to {@code onJob} as soon as there is one. */
  interface Runner {
    SourceResult run(SourceRun source, SourceCheckpoint claimed, Consumer<IngestJob> onJob);
  }

  /** A source this process holds. */
  private static final class Holding {
    final SourceRun source;
    final Instant since;
    volatile IngestJob job;
    volatile boolean handingOver;
    volatile Future<?> runner;

    Holding(SourceRun source, Instant since) {
      this.source = source;
      this.since = since;
    }

    void handOver() {
      handingOver = true;
      IngestJob j = job;
      if (j != null) {
        j.endAfterWindow();
      }
    }
  }

  private final List<SourceRun> sources;
  private final Map<String, SourceId> ids = new ConcurrentHashMap<>();
  private final CheckpointStore store;
  private final String owner;
  private final String group;
  private final int capacity;
  private final int maxPerPool;
  private final Duration ttl;
  private final Duration cycle;
  private final RunStop stop;
  private final LeaseMeters leases;
  private final Clock clock;
  private final Runner runner;
  private final Instant startedAt;
  private final Map<String, Holding> holding = new ConcurrentHashMap<>();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  /** The sources that failed here, in the order they failed. */
  private final Queue<SourceResult> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger claims = new AtomicInteger();
  private final AtomicInteger takeovers = new AtomicInteger();
  private final AtomicInteger handedOver = new AtomicInteger();
  private final ExecutorService threads;
  private int lastShare = -1;
  private Instant lastBeat = Instant.EPOCH;
  private int lastUncovered;

  /**
   * @param capacity sources this process may hold at once ({@code --max-concurrent-sessions}: each holds at most
   *     one session open at a time)
   * @param maxPerPool sources it may hold at once per (endpoint, space), below the service's 30 sessions
   */
  FollowCoordinator(List<SourceRun> sources, CheckpointStore store, String owner, int capacity,
      int maxPerPool, CheckpointSettings settings, RunStop stop, LeaseMeters leases, Clock clock, Runner runner) {
    this.sources = List.copyOf(sources);
    sources.forEach(s -> ids.put(s.name(), CheckpointTracker.sourceOf(s.config())));
    this.store = store;
    this.owner = owner;
    this.group = Shares.group(List.copyOf(ids.values()));
    this.capacity = capacity;
    this.maxPerPool = maxPerPool;
    this.ttl = settings.leaseTtl();
    Duration third = settings.leaseTtl().dividedBy(3);
    this.cycle = settings.pollInterval().compareTo(third) < 0 ? settings.pollInterval() : third;
    this.stop = stop;
    this.leases = leases;
    this.clock = clock;
    this.runner = runner;
    this.startedAt = clock.instant();
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "at-connector-source-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Coordinates until stopped (or until every source failed here); returns the sources that failed here. */
  List<SourceResult> run() {
    LOG.info("following {} source(s) as {} (group {}): this process holds at most {} at once; checking every {} s",
        sources.size(), owner, group, capacity, cycle.toSeconds());
    store.ensureIndex();
    // the cycles run on their own thread: a call to an Elasticsearch that does not answer must not hold up the stop
    Future<?> loop = threads.submit(this::loop);
    try {
      while (!stop.sleep(Duration.ofMillis(200))) {
        if (loop.isDone()) {
          break;
        }
      }
      if (!stop.requested()) {
        LOG.error("every source failed in this process: exiting");
      }
    } finally {
      loop.cancel(true);
      awaitRunners();
      leave();
      threads.shutdownNow();
    }
    return List.copyOf(failures);
  }

  private void loop() {
    while (!stop.requested() && failed.size() < sources.size()) {
      try {
        coordinate();
      } catch (RuntimeException e) {
        // Elasticsearch busy or away: held sources keep running (their renewals tell them if they lost a lease)
        LOG.warn("could not coordinate the sources (trying again in {} s): {}", cycle.toSeconds(), e.getMessage());
      }
      if (stop.sleep(cycle)) {
        return;
      }
    }
  }

  /** What this process did over its life. */
  RunOutcome.FollowTally tally() {
    return new RunOutcome.FollowTally(sources.size(), claims.get(), takeovers.get(), handedOver.get(),
        failed.size());
  }

  /** Renews this process's member document. */
  private void heartbeat() {
    Instant now = clock.instant();
    store.putMember(new Member(owner, group, capacity, holding.size(), now.plus(ttl), startedAt));
    lastBeat = now;
  }

  private void coordinate() {
    heartbeat();
    Instant now = lastBeat;
    CheckpointStore.Snapshot snapshot = store.snapshot();
    List<Member> live = new ArrayList<>(snapshot.members().stream()
        .filter(m -> m.group().equals(group) && !m.owner().equals(owner) && m.liveAt(now)).toList());
    live.add(new Member(owner, group, capacity, holding.size(), now.plus(ttl), startedAt));
    leases.members(live.size());
    Map<String, Integer> shares = Shares.of(live, sources.size());
    int share = shares.getOrDefault(owner, 0);
    int covered = shares.values().stream().mapToInt(Integer::intValue).sum();
    if (share != lastShare || sources.size() - covered != lastUncovered) {
      LOG.info("{} live process(es) share {} source(s): this one's share is {}{}", live.size(), sources.size(),
          share, covered < sources.size() ? "; " + (sources.size() - covered) + " source(s) are held by nobody: "
              + "start more processes or raise --max-concurrent-sessions" : "");
      lastShare = share;
      lastUncovered = sources.size() - covered;
    }
    handOverSurplus(share);
    if (holding.size() < share) {
      claim(snapshot, live, share, now);
    }
  }

  /** Hands the newest holdings over (at their next window boundary) until this process holds its share. */
  private void handOverSurplus(int share) {
    long leaving = holding.values().stream().filter(h -> h.handingOver).count();
    long surplus = holding.size() - leaving - share;
    if (surplus <= 0) {
      return;
    }
    holding.values().stream().filter(h -> !h.handingOver)
        .sorted(Comparator.comparing((Holding h) -> h.since).reversed())
        .limit(surplus)
        .forEach(h -> {
          LOG.info("source {}: over this process's share of {}: handing it over after its current window",
              h.source.name(), share);
          h.handOver();
        });
  }

  /**
   * Claims free sources, starting at a place that depends on this process's rank (so processes joining together
   * do not all try the same ones first); a conditional write decides any race.
   */
  private void claim(CheckpointStore.Snapshot snapshot, List<Member> live, int share, Instant now) {
    List<String> owners = live.stream().map(Member::owner).sorted().toList();
    int offset = owners.indexOf(owner) * Math.max(1, (sources.size() + live.size() - 1) / live.size());
    for (int i = 0; i < sources.size() && holding.size() < share && !stop.requested(); i++) {
      SourceRun s = sources.get((offset + i) % sources.size());
      if (holding.containsKey(s.name()) || failed.contains(s.name()) || poolFull(s.pool())
          || heldByAnother(snapshot.of(ids.get(s.name())), now)) {
        continue;
      }
      SourceCheckpoint.Claim claim = SourceCheckpoint.claim(store, ids.get(s.name()), owner, ttl, clock,
          s.config().start(), s.config().end());
      if (claim.taken().isEmpty()) {
        continue; // taken by another process since the snapshot: looked at again next cycle
      }
      Optional<Checkpoint.Lease> from = claim.tookOverFrom();
      claims.incrementAndGet();
      leases.claimed(from.isPresent());
      if (from.isPresent()) {
        takeovers.incrementAndGet();
        LOG.info("source {}: taking over from {} (its lease expired {}): deleting the session it left open, if any, "
            + "and continuing from the checkpoint", s.name(), from.get().owner(), from.get().expiresAt());
      } else {
        LOG.info("source {}: claimed", s.name());
      }
      start(s, claim.taken().get());
      if (clock.instant().isAfter(lastBeat.plus(cycle))) {
        heartbeat(); // claims are slow on a busy cluster: stay visible to the others meanwhile
      }
    }
  }

  private boolean poolFull(String pool) {
    return holding.values().stream().filter(h -> h.source.pool().equals(pool)).count() >= maxPerPool;
  }

  private boolean heldByAnother(Optional<Checkpoint> c, Instant now) {
    return c.flatMap(Checkpoint::lease).filter(l -> SourceCheckpoint.heldByAnother(l, owner, now)).isPresent();
  }

  private void start(SourceRun s, SourceCheckpoint claimed) {
    Holding h = new Holding(s, claimed.since());
    holding.put(s.name(), h);
    h.runner = threads.submit(() -> {
      SourceResult ended;
      try {
        ended = runner.run(s, claimed, job -> {
          h.job = job;
          if (h.handingOver) {
            job.endAfterWindow();
          }
        });
      } catch (RuntimeException e) {
        LOG.error("source {} ended with an unexpected error", s.name(), e);
        ended = SourceResult.failed(s.name(), How.FAILED, new IngestSummary(0, 0, 0, 0, 0, 0, 0), List.of(), e);
      } finally {
        holding.remove(s.name());
      }
      ended(s, ended);
    });
  }

  private void ended(SourceRun s, SourceResult ended) {
    switch (ended.how()) {
      case FAILED -> {
        failed.add(s.name());
        failures.add(ended);
        LOG.warn("source {} failed here ({}): its lease is released and this process leaves it to the others",
            s.name(), ended.failure().map(Throwable::getMessage).orElse("no reason"));
      }
      case LOST -> LOG.warn("source {}: another process took the lease over; this one stopped writing and claims it "
          + "again only when it is free", s.name());
      case HANDED_OVER -> handedOver.incrementAndGet();
      default -> LOG.debug("source {} ended: {}", s.name(), ended.how());
    }
  }

  /** The runners stop by the {@link RunStop} themselves; the watchdog bounds this wait in a real process. */
  private void awaitRunners() {
    long deadline = System.nanoTime() + RunStop.BUDGET.toNanos();
    for (Holding h : List.copyOf(holding.values())) {
      Future<?> f = h.runner;
      if (f == null) {
        continue;
      }
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warn("source {} did not end within {} s of the stop", h.source.name(), RunStop.BUDGET.toSeconds());
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("source {} ended with {}", h.source.name(), String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Deletes the member document, so the others count one process less at once (bounded: it expires anyway). */
  private void leave() {
    try {
      threads.submit(() -> store.deleteMember(owner)).get(1, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      LOG.warn("could not delete this process's member document (it expires by itself): {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
