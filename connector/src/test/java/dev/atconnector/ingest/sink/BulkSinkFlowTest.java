package dev.atconnector.ingest.sink;

import static dev.atconnector.ingest.sink.BulkFakeHttp.allCreated;
import static dev.atconnector.ingest.sink.BulkFakeHttp.conflict;
import static dev.atconnector.ingest.sink.BulkFakeHttp.created;
import static dev.atconnector.ingest.sink.BulkFakeHttp.failed;
import static dev.atconnector.ingest.sink.BulkFakeHttp.items;
import static dev.atconnector.ingest.sink.BulkTestData.DEAD_LETTER_INDEX;
import static dev.atconnector.ingest.sink.BulkTestData.doc;
import static dev.atconnector.ingest.sink.BulkTestData.docOfSize;
import static dev.atconnector.ingest.sink.BulkTestData.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.sink.BulkFakeHttp.Op;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Batching, backpressure, ordering and exact counting of the sink. */
class BulkSinkFlowTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final BulkFakeHttp http = new BulkFakeHttp();

  BulkSink sink(SinkOptions options) {
    return new BulkSink(http.client(), options, registry, time, BulkSinkTest.CLOCK, () -> 0.5);
  }

  List<Integer> batchSizes() {
    return http.received().stream().map(r -> r.ops().size()).toList();
  }

  @Test
  void batchesCloseAtMaxDocs() {
    StepVerifier.withVirtualTime(() -> sink(options(3, 1, 3)).write(BulkSinkTest.docs(1, 10)), () -> time, 100)
        .expectNextCount(4)
        .verifyComplete();
    assertThat(batchSizes()).containsExactly(3, 3, 3, 1);
  }

  @Test
  void batchesCloseBeforeMaxBytesWouldBeExceeded() {
    long docBytes = docOfSize(1, 1000).estimatedBulkBytes();
    SinkOptions options = new SinkOptions(100, 2 * docBytes + docBytes / 2, 1, Duration.ofSeconds(1),
        DEAD_LETTER_INDEX, Duration.ofMillis(100), Duration.ofSeconds(1), 3);
    Flux<Decoded> input = Flux.range(1, 5).map(n -> docOfSize(n, 1000));

    StepVerifier.withVirtualTime(() -> sink(options).write(input), () -> time, 100)
        .expectNextMatches(r -> r.indexed() == 2 && r.bytes() == 2 * docBytes)
        .expectNextMatches(r -> r.indexed() == 2)
        .expectNextMatches(r -> r.indexed() == 1)
        .verifyComplete();
    assertThat(batchSizes()).containsExactly(2, 2, 1);
  }

  @Test
  void aSlowTrickleIsFlushedAfterTheFlushInterval() {
    Flux<Decoded> trickle = Flux.concat(BulkSinkTest.docs(1, 3), Flux.never());

    StepVerifier.withVirtualTime(() -> sink(options(100, 1, 3)).write(trickle), () -> time, 100)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(999))
        .then(() -> assertThat(http.received()).isEmpty())
        .thenAwait(Duration.ofMillis(1))
        .expectNextMatches(r -> r.indexed() == 3)
        .thenAwait(Duration.ofSeconds(10))
        .then(() -> assertThat(http.received()).hasSize(1))
        .thenCancel()
        .verify();
  }

  @Test
  void upstreamDemandStopsWhileMaxConcurrentRequestsAreInFlight() {
    int maxDocs = 10;
    int maxConcurrent = 2;
    List<CompletableFuture<Void>> gates = Collections.synchronizedList(new ArrayList<>());
    http.answering((request, n) -> {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      gates.add(gate);
      return gate.thenApply(ignored -> allCreated(request));
    });
    AtomicLong emitted = new AtomicLong();
    Flux<Decoded> input = Flux.range(1, 1000).<Decoded>map(BulkTestData::doc).doOnNext(d -> emitted.incrementAndGet());
    List<BatchResult> results = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Throwable> failure = new AtomicReference<>();

    Disposable subscription = sink(options(maxDocs, maxConcurrent, 3)).write(input)
        .subscribe(results::add, failure::set);
    try {
      // Nothing is answered yet: exactly maxConcurrent requests went out, and upstream stopped.
      assertThat(http.received()).hasSize(maxConcurrent);
      long bound = (long) (maxConcurrent + 1) * maxDocs + 2;
      assertThat(emitted.get()).isLessThanOrEqualTo(bound).isGreaterThanOrEqualTo((long) maxConcurrent * maxDocs);

      for (int i = 0; i < gates.size(); i++) {
        gates.get(i).complete(null);
        long settledDocs = results.stream().mapToLong(BatchResult::indexed).sum();
        long settledRequests = results.size();
        assertThat(emitted.get() - settledDocs).as("elements held after %d answers", i + 1)
            .isLessThanOrEqualTo(bound);
        assertThat(http.received().size() - settledRequests).isLessThanOrEqualTo(maxConcurrent);
      }
      assertThat(failure.get()).isNull();
      assertThat(results).hasSize(100);
      assertThat(results.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(1000);
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void resultsComeInInputOrderEvenWhenALaterBatchSettlesFirst() {
    List<CompletableFuture<Void>> gates = Collections.synchronizedList(new ArrayList<>());
    http.answering((request, n) -> {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      gates.add(gate);
      return gate.thenApply(ignored -> allCreated(request));
    });
    List<BatchResult> results = Collections.synchronizedList(new ArrayList<>());
    sink(options(2, 2, 3)).write(BulkSinkTest.docs(1, 3)).subscribe(results::add);

    assertThat(gates).hasSize(2);
    gates.get(1).complete(null);
    assertThat(results).isEmpty();
    gates.get(0).complete(null);
    assertThat(results).extracting(BatchResult::indexed).containsExactly(2L, 1L);
  }

  @Test
  void everyElementIsCountedExactlyOnceWhateverHappensToIt() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request, i -> outcome(request.ops().get(i), seen))));
    List<Decoded> input = new ArrayList<>();
    long indexed = 0;
    long duplicates = 0;
    long deadLettered = 0;
    for (long k = 1; k <= 300; k++) {
      if (k % 7 == 0) {
        input.add(BulkTestData.deadLetter(k));
        deadLettered++;
      } else {
        input.add(doc(k));
        if (k % 11 == 0) {
          deadLettered++;
        } else if (k % 5 == 0) {
          duplicates++;
        } else {
          indexed++;
        }
      }
    }
    List<BatchResult> results = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean completed = new AtomicBoolean();

    sink(options(16, 2, 3)).write(Flux.fromIterable(input))
        .subscribe(results::add, failure::set, () -> completed.set(true));
    time.advanceTimeBy(Duration.ofMinutes(1));

    assertThat(failure.get()).isNull();
    assertThat(completed).isTrue();
    assertThat(results.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(indexed);
    assertThat(results.stream().mapToLong(BatchResult::duplicates).sum()).isEqualTo(duplicates);
    assertThat(results.stream().mapToLong(BatchResult::deadLettered).sum()).isEqualTo(deadLettered);
    assertThat(results).hasSize(19);
    assertThat(results.subList(0, 18))
        .allSatisfy(r -> assertThat(r.indexed() + r.duplicates() + r.deadLettered()).isEqualTo(16));
    assertThat(results.get(18).indexed() + results.get(18).duplicates() + results.get(18).deadLettered())
        .isEqualTo(300 - 18 * 16);
    assertThat(registry.get("at.records.indexed").counter().count()).isEqualTo(indexed);
    assertThat(registry.get("at.records.duplicates").counter().count()).isEqualTo(duplicates);
    assertThat(registry.get("at.records.dead_lettered").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(deadLettered);
    assertThat(results.stream().mapToLong(BatchResult::retriedItems).sum())
        .isEqualTo(input.stream().filter(d -> isFirstTry429Candidate(d)).count());
  }

  private static boolean isFirstTry429Candidate(Decoded d) {
    long k = d.position().recordNumber();
    return k % 7 != 0 && k % 11 != 0 && k % 5 != 0 && k % 13 == 0;
  }

  private static String outcome(Op op, Set<String> seen) {
    if (op.index().equals(DEAD_LETTER_INDEX)) {
      return created(op);
    }
    long k = Long.parseLong(op.id().substring(3));
    if (k % 11 == 0) {
      return failed(op, 400, "mapper_parsing_exception", "failed to parse");
    }
    if (k % 5 == 0) {
      return conflict(op);
    }
    if (k % 13 == 0 && seen.add(op.id())) {
      return failed(op, 429, "es_rejected_execution_exception", "queue full");
    }
    return created(op);
  }

}
