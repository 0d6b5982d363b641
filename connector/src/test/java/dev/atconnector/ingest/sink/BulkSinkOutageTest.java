package dev.atconnector.ingest.sink;

import static dev.atconnector.ingest.sink.BulkTestData.doc;
import static dev.atconnector.ingest.sink.BulkTestData.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.Doc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Elasticsearch going away in the middle of a run (a restart): the sink waits it out within the outage budget
 * ({@code retryMaxTime}), fails clearly beyond it, and items whose request died in flight end exactly once.
 */
class BulkSinkOutageTest {
  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final BulkFakeHttp http = new BulkFakeHttp();

  /** Three retries at most by count, 100 ms doubling up to 2 s, jitter pinned at half; outage budget as given. */
  BulkSink sink(Duration budget) {
    SinkOptions options = options(10, 1, 3).withRetryMaxTime(budget);
    return new BulkSink(http.client(), options, new SimpleMeterRegistry(), time, BulkSinkTest.CLOCK, () -> 0.5);
  }

  StepVerifier.FirstStep<BatchResult> verify(BulkSink sink, Flux<Doc> input) {
    return StepVerifier.withVirtualTime(() -> sink.write(input), () -> time, Long.MAX_VALUE);
  }

  static Flux<Doc> docs(long from, long to) {
    return Flux.fromStream(LongStream.rangeClosed(from, to).mapToObj(BulkTestData::doc));
  }

  /** Refuses connections until virtual time {@code downUntil}, then creates everything. */
  void downUntil(Duration downUntil) {
    http.answering((request, n) -> time.now(TimeUnit.MILLISECONDS) < downUntil.toMillis()
        ? CompletableFuture.failedFuture(new ConnectException("Connection refused"))
        : CompletableFuture.completedFuture(BulkFakeHttp.allCreated(request)));
  }

  @Test
  void anOutageLongerThanMaxRetriesButWithinTheBudgetIsWaitedOut() {
    downUntil(Duration.ofSeconds(60));

    verify(sink(Duration.ofMinutes(5)), docs(1, 4))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(59))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(result -> assertThat(result.indexed()).isEqualTo(4))
        .verifyComplete();
    // 100 ms, 200, 400, 800, 1.6 s, then 2 s ceilings at half jitter: about 60 retries in the minute, all answered
    assertThat(http.received().size()).isGreaterThan(4 + 1).isLessThan(80);
    assertThat(http.allOps().stream().map(BulkFakeHttp.Op::id).distinct()).hasSize(4);
  }

  @Test
  void anOutageBeyondTheBudgetFailsNamingItAndTheLastCause() {
    downUntil(Duration.ofDays(1));

    verify(sink(Duration.ofSeconds(30)), docs(1, 4))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(29))
        .thenAwait(Duration.ofSeconds(3))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SinkException.class)
            .hasMessageContaining("unreachable")
            .hasMessageContaining("--es-retry-max-time 30 s")
            .hasMessageContaining("ConnectException: Connection refused"))
        .verify();
    assertThat(time.now(TimeUnit.SECONDS)).isBetween(30L, 32L);
  }

  @Test
  void withoutABudgetMaxRetriesAloneBoundsTheRetries() {
    downUntil(Duration.ofDays(1));

    verify(sink(Duration.ZERO), docs(1, 4))
        .thenAwait(Duration.ofSeconds(10))
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("failed 4 times"))
        .verify();
    assertThat(http.received()).hasSize(4);
  }

  @Test
  void timeoutsAndResetsAreRetriedLikeRefusals() {
    http.answering((request, n) -> switch (n) {
      case 0 -> CompletableFuture.failedFuture(new SocketTimeoutException("30,000 milliseconds timeout"));
      case 1 -> CompletableFuture.failedFuture(new IOException("Connection reset by peer"));
      default -> CompletableFuture.completedFuture(BulkFakeHttp.allCreated(request));
    });

    verify(sink(Duration.ofMinutes(5)), docs(1, 3))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(result -> assertThat(result.indexed()).isEqualTo(3))
        .verifyComplete();
    assertThat(http.received()).hasSize(3);
  }

  @Test
  void itemsStoredByARequestWhoseAnswerWasLostEndOnceAsDuplicates() {
    // the node stores the batch, then dies before answering: the resend meets the ids already stored
    Set<String> stored = ConcurrentHashMap.newKeySet();
    http.answering((request, n) -> {
      if (n == 0) {
        request.ops().forEach(op -> stored.add(op.id()));
        return CompletableFuture.failedFuture(new ConnectionClosedException("Connection closed unexpectedly"));
      }
      return CompletableFuture.completedFuture(BulkFakeHttp.items(request, i -> stored.add(request.ops().get(i).id())
          ? BulkFakeHttp.created(request.ops().get(i)) : BulkFakeHttp.conflict(request.ops().get(i))));
    });

    verify(sink(Duration.ofMinutes(5)), Flux.concat(docs(1, 4), Flux.just(doc(5))))
        .thenAwait(Duration.ofSeconds(5))
        .assertNext(result -> {
          assertThat(result.indexed()).isZero();
          assertThat(result.duplicates()).isEqualTo(5);
          assertThat(result.deadLettered()).isZero();
        })
        .verifyComplete();
    assertThat(stored).hasSize(5);
  }
}
