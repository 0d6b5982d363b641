package dev.atconnector.ingest.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the work of several sources concurrently, each source's work one {@link Mono}, within two bounds: at most
 * {@code maxConcurrent} sources at once in total ({@code --max-concurrent-sessions}), and at most
 * {@code maxPerPool} at once per session pool, i.e. per (endpoint, space) (see
 * {@code SourceDefinition.sessionPool()}). One source's work runs one session at a time, so these bound open
 * sessions. The service allows 30 open sessions per space and user; the default 25 leaves room for people using the
 * same space meanwhile.
 *
 * <p>Sources start in the order given, except that one whose pool is full is passed over for a later one whose pool
 * has room (no head-of-line blocking). A failing source does not stop the others: the run completes, when all have
 * ended, with one {@link SourceOutcome} per source in the order given. Cancelling the run cancels the running work and
 * starts no more.
 *
 * <p>A slot is freed when the work signals its end, so a source's work must release its session before it completes
 * or fails ({@code Mono.usingWhen}, as {@code SessionLifecycle} does), not in a {@code doFinally} after.
 */
public final class SourceScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SourceScheduler.class);
  /** Default {@code --max-concurrent-sessions}. */
  public static final int DEFAULT_MAX_CONCURRENT = 4;
  /** Default bound per (endpoint, space): below the service's 30 open sessions per space. */
  public static final int DEFAULT_MAX_PER_POOL = 25;

  /**
   * One source's work.
   *
   * @param name the source's name, for outcomes and logs
   * @param pool what the per-pool bound counts over, e.g. {@code SourceDefinition.sessionPool()}
   * @param work subscribed once the source gets its slot
   */
  public record Task<T>(String name, String pool, Mono<T> work) {
    public Task {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(work, "work");
    }
  }

  private final int maxConcurrent;
  private final int maxPerPool;
  private final Scheduler clock;

  /**
   * @param maxConcurrent sources running at once in total, at least 1
   * @param maxPerPool sources running at once per pool, at least 1
   * @param clock whose {@code now} times the outcomes (a virtual-time scheduler in tests)
   */
  public SourceScheduler(int maxConcurrent, int maxPerPool, Scheduler clock) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be strictly positive, was " + maxConcurrent);
    }
    if (maxPerPool < 1) {
      throw new IllegalArgumentException("maxPerPool must be strictly positive, was " + maxPerPool);
    }
    this.maxConcurrent = maxConcurrent;
    this.maxPerPool = maxPerPool;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public SourceScheduler(int maxConcurrent, int maxPerPool) {
    this(maxConcurrent, maxPerPool, Schedulers.parallel());
  }

  /** Sources running at once in total ({@code --max-concurrent-sessions}). */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** Sources running at once per pool. */
  public int maxPerPool() {
    return maxPerPool;
  }

  /** Runs every task within the bounds; never fails (failures are in the outcomes). */
  public <T> Mono<List<SourceOutcome<T>>> run(List<Task<T>> tasks) {
    List<Task<T>> copy = List.copyOf(tasks);
    return Mono.create(sink -> new Run<>(copy, sink).start());
  }

  /** One run: the pending tasks, the running counts, the outcomes. All state changes under {@code this}. */
  private final class Run<T> {
    private final List<Task<T>> tasks;
    private final MonoSink<List<SourceOutcome<T>>> sink;
    private final List<Integer> pending = new ArrayList<>();
    private final Map<String, Integer> runningPerPool = new HashMap<>();
    private final AtomicReferenceArray<SourceOutcome<T>> outcomes;
    private final AtomicInteger wip = new AtomicInteger();
    private final Disposable.Composite running = Disposables.composite();
    private final long startedAt;
    private int runningTotal;
    private int ended;
    private boolean cancelled;

    Run(List<Task<T>> tasks, MonoSink<List<SourceOutcome<T>>> sink) {
      this.tasks = tasks;
      this.sink = sink;
      this.outcomes = new AtomicReferenceArray<>(tasks.size());
      this.startedAt = clock.now(java.util.concurrent.TimeUnit.MILLISECONDS);
      for (int i = 0; i < tasks.size(); i++) {
        pending.add(i);
      }
    }

    void start() {
      sink.onDispose(() -> {
        synchronized (this) {
          cancelled = true;
          pending.clear();
        }
        running.dispose();
      });
      if (tasks.isEmpty()) {
        sink.success(List.of());
        return;
      }
      drain();
    }

    /** Starts what the bounds allow; re-entrant calls (work ending synchronously) loop here instead of recursing. */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        for (int index : admit()) {
          subscribe(index);
        }
      } while (wip.decrementAndGet() != 0);
    }

    private synchronized List<Integer> admit() {
      List<Integer> admitted = new ArrayList<>();
      for (Iterator<Integer> it = pending.iterator(); it.hasNext() && runningTotal < maxConcurrent; ) {
        int index = it.next();
        String pool = tasks.get(index).pool();
        if (runningPerPool.getOrDefault(pool, 0) < maxPerPool) {
          it.remove();
          runningTotal++;
          runningPerPool.merge(pool, 1, Integer::sum);
          admitted.add(index);
        }
      }
      return admitted;
    }

    private void subscribe(int index) {
      Task<T> task = tasks.get(index);
      long slotAt = now();
      LOG.info("source {} starts ({} waited {} ms)", task.name(), task.pool(), slotAt - startedAt);
      Disposable d = task.work().subscribe(
          value -> outcomes.compareAndSet(index, null, outcome(task, Optional.of(value), null, slotAt)),
          error -> {
            LOG.warn("source {} failed: {}", task.name(), error.toString());
            outcomes.compareAndSet(index, null, outcome(task, Optional.empty(), error, slotAt));
            finished(index, task);
          },
          () -> {
            outcomes.compareAndSet(index, null, outcome(task, Optional.empty(), null, slotAt));
            finished(index, task);
          });
      running.add(d);
    }

    private SourceOutcome<T> outcome(Task<T> task, Optional<T> value, Throwable error, long slotAt) {
      return new SourceOutcome<>(task.name(), value, Optional.ofNullable(error),
          Duration.ofMillis(slotAt - startedAt), Duration.ofMillis(now() - slotAt));
    }

    private void finished(int index, Task<T> task) {
      boolean all;
      synchronized (this) {
        runningTotal--;
        runningPerPool.computeIfPresent(task.pool(), (k, n) -> n <= 1 ? null : n - 1);
        all = ++ended == tasks.size();
        if (cancelled) {
          return;
        }
      }
      if (all) {
        List<SourceOutcome<T>> list = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
          list.add(outcomes.get(i));
        }
        sink.success(list);
      } else {
        drain();
      }
    }

    private long now() {
      return clock.now(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }
}
