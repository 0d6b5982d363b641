package dev.atconnector.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.pipeline.SourceScheduler.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Issue 5: sources run concurrently within --max-concurrent-sessions and a bound per (endpoint, space). */
class SourceSchedulerTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  /** Counts running tasks, in total and per pool, and remembers the highest counts seen. */
  private static final class Gauge {
    final AtomicInteger total = new AtomicInteger();
    final AtomicInteger maxTotal = new AtomicInteger();
    final Map<String, AtomicInteger> perPool = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxPerPool = new ConcurrentHashMap<>();
    final List<String> startOrder = java.util.Collections.synchronizedList(new ArrayList<>());

    <T> Mono<T> track(String name, String pool, Mono<T> work) {
      return Mono.defer(() -> {
        startOrder.add(name);
        maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
        int inPool = perPool.computeIfAbsent(pool, p -> new AtomicInteger()).incrementAndGet();
        maxPerPool.computeIfAbsent(pool, p -> new AtomicInteger()).accumulateAndGet(inPool, Math::max);
        return work;
      }).doOnTerminate(() -> end(pool)).doOnCancel(() -> end(pool));
    }

    // on the terminal signal, before it reaches the scheduler: that is when the scheduler frees the slot
    private void end(String pool) {
      total.decrementAndGet();
      perPool.get(pool).decrementAndGet();
    }
  }

  @Test
  void neverRunsMoreThanTheTotalBoundAndFinishesInWaves() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    Gauge gauge = new Gauge();
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String pool = "https://at:443 space-" + i;
      tasks.add(new Task<>("s" + i, pool,
          gauge.track("s" + i, pool, Mono.delay(Duration.ofMinutes(1), vts).map(x -> "done"))));
    }
    SourceScheduler scheduler = new SourceScheduler(4, 25, vts);

    StepVerifier.withVirtualTime(() -> scheduler.run(tasks), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(gauge.total).hasValue(4))
        .thenAwait(Duration.ofMinutes(1))
        .then(() -> assertThat(gauge.startOrder).hasSize(8))
        .thenAwait(Duration.ofMinutes(1))
        .then(() -> assertThat(gauge.total).hasValue(2))
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(outcomes -> {
          assertThat(outcomes).extracting(SourceOutcome::name)
              .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
          assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.value()).contains("done");
            assertThat(o.failed()).isFalse();
            assertThat(o.ran()).isEqualTo(Duration.ofMinutes(1));
          });
          assertThat(outcomes.get(9).waited()).isEqualTo(Duration.ofMinutes(2));
        })
        .expectComplete()
        .verify(LIMIT);
    assertThat(gauge.maxTotal).hasValue(4);
    assertThat(gauge.startOrder).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
  }

  @Test
  void boundsEachPoolWithoutBlockingOtherPools() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    Gauge gauge = new Gauge();
    List<Task<Long>> tasks = new ArrayList<>();
    // six sources of one space first, then two of another: the other space must not wait behind the first
    for (int i = 0; i < 6; i++) {
      tasks.add(new Task<>("a" + i, "A", gauge.track("a" + i, "A", Mono.delay(Duration.ofMinutes(3), vts))));
    }
    for (int i = 0; i < 2; i++) {
      tasks.add(new Task<>("b" + i, "B", gauge.track("b" + i, "B", Mono.delay(Duration.ofMinutes(1), vts))));
    }
    SourceScheduler scheduler = new SourceScheduler(4, 2, vts);

    StepVerifier.withVirtualTime(() -> scheduler.run(tasks), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(gauge.startOrder).containsExactly("a0", "a1", "b0", "b1"))
        .thenAwait(Duration.ofMinutes(1))
        // the B sources ended; their slots cannot go to A, which is at its pool bound
        .then(() -> assertThat(gauge.total).hasValue(2))
        .thenAwait(Duration.ofMinutes(2))
        .then(() -> assertThat(gauge.startOrder).containsExactly("a0", "a1", "b0", "b1", "a2", "a3"))
        .thenAwait(Duration.ofMinutes(6))
        .assertNext(outcomes -> {
          assertThat(outcomes).hasSize(8).noneMatch(SourceOutcome::failed);
          assertThat(outcomes.get(5).waited()).isEqualTo(Duration.ofMinutes(6));
        })
        .expectComplete()
        .verify(LIMIT);
    assertThat(gauge.maxPerPool.get("A")).hasValue(2);
    assertThat(gauge.maxPerPool.get("B")).hasValue(2);
    assertThat(gauge.maxTotal).hasValue(4);
  }

  @Test
  void aFailingSourceDoesNotStopTheOthers() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    IllegalStateException boom = new IllegalStateException("source b: 403 forbidden_space");
    List<Task<String>> tasks = List.of(
        new Task<>("a", "P", Mono.delay(Duration.ofSeconds(30), vts).thenReturn("a-done")),
        new Task<>("b", "P", Mono.delay(Duration.ofSeconds(5), vts).then(Mono.error(boom))),
        new Task<>("c", "P", Mono.error(new IllegalArgumentException("bad at once"))),
        new Task<>("d", "Q", Mono.<String>empty()),
        new Task<>("e", "Q", Mono.delay(Duration.ofSeconds(40), vts).thenReturn("e-done")));
    SourceScheduler scheduler = new SourceScheduler(2, 25, vts);

    StepVerifier.withVirtualTime(() -> scheduler.run(tasks), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(Duration.ofMinutes(5))
        .assertNext(outcomes -> {
          assertThat(outcomes).extracting(SourceOutcome::name).containsExactly("a", "b", "c", "d", "e");
          assertThat(outcomes.get(0).value()).contains("a-done");
          assertThat(outcomes.get(1).error()).containsSame(boom);
          assertThat(outcomes.get(2).error().orElseThrow()).hasMessage("bad at once");
          assertThat(outcomes.get(3).value()).isEmpty();
          assertThat(outcomes.get(3).failed()).isFalse();
          assertThat(outcomes.get(4).value()).contains("e-done");
        })
        .expectComplete()
        .verify(LIMIT);
  }

  @Test
  void cancellingTheRunCancelsRunningWorkAndStartsNoMore() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    AtomicInteger cancelled = new AtomicInteger();
    AtomicBoolean lateStarted = new AtomicBoolean();
    List<Task<Long>> tasks = List.of(
        new Task<>("a", "P", Mono.delay(Duration.ofMinutes(1), vts).doOnCancel(cancelled::incrementAndGet)),
        new Task<>("b", "P", Mono.delay(Duration.ofMinutes(1), vts).doOnCancel(cancelled::incrementAndGet)),
        new Task<>("c", "P", Mono.fromCallable(() -> {
          lateStarted.set(true);
          return 1L;
        })));
    SourceScheduler scheduler = new SourceScheduler(2, 25, vts);

    StepVerifier.withVirtualTime(() -> scheduler.run(tasks), () -> vts, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(10))
        .thenCancel()
        .verify(LIMIT);
    vts.advanceTimeBy(Duration.ofMinutes(5));
    assertThat(cancelled).hasValue(2);
    assertThat(lateStarted).isFalse();
  }

  @Test
  void synchronousWorkManyTimesOverNeitherRecursesDeeplyNorLosesOutcomes() {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = i;
      tasks.add(new Task<>("s" + i, "P" + (i % 3), Mono.just(n)));
    }
    List<SourceOutcome<Integer>> outcomes = new SourceScheduler(3, 1).run(tasks).block(LIMIT);
    assertThat(outcomes).hasSize(300);
    assertThat(outcomes.get(299).value()).contains(299);
  }

  @Test
  void emptyListAndBadBounds() {
    assertThat(new SourceScheduler(1, 1).run(List.<Task<String>>of()).block(LIMIT)).isEmpty();
    assertThatThrownBy(() -> new SourceScheduler(0, 1)).hasMessageContaining("maxConcurrent must be strictly "
        + "positive");
    assertThatThrownBy(() -> new SourceScheduler(1, 0)).hasMessageContaining("maxPerPool must be strictly positive");
  }
}
