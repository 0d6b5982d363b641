package dev.atconnector.ingest.sink;

import static dev.atconnector.ingest.sink.BulkFakeHttp.conflict;
import static dev.atconnector.ingest.sink.BulkFakeHttp.created;
import static dev.atconnector.ingest.sink.BulkFakeHttp.failed;
import static dev.atconnector.ingest.sink.BulkFakeHttp.items;
import static dev.atconnector.ingest.sink.BulkTestData.DEAD_LETTER_INDEX;
import static dev.atconnector.ingest.sink.BulkTestData.INDEX;
import static dev.atconnector.ingest.sink.BulkTestData.SESSION;
import static dev.atconnector.ingest.sink.BulkTestData.deadLetter;
import static dev.atconnector.ingest.sink.BulkTestData.doc;
import static dev.atconnector.ingest.sink.BulkTestData.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.sink.BulkFakeHttp.Op;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The sink against a fake HTTP layer under the real Java client, on virtual time. */
class BulkSinkTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final BulkFakeHttp http = new BulkFakeHttp();

  BulkSink sink(SinkOptions options) {
    return new BulkSink(http.client(), options, registry, time, CLOCK, () -> 0.5);
  }

  StepVerifier.FirstStep<BatchResult> verify(BulkSink sink, Flux<? extends Decoded> input) {
    return StepVerifier.withVirtualTime(() -> sink.write(input), () -> time, Long.MAX_VALUE);
  }

  static Flux<Doc> docs(long from, long to) {
    return Flux.fromStream(LongStream.rangeClosed(from, to).mapToObj(BulkTestData::doc));
  }

  double counter(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void allSuccessIndexesEveryDocumentAsCreateWithItsSourceBytesUnchanged() {
    verify(sink(options(2, 1, 3)), docs(1, 5))
        .expectNext(new BatchResult(2, 0, 0, 0, 2 * doc(1).estimatedBulkBytes()))
        .expectNext(new BatchResult(2, 0, 0, 0, 2 * doc(1).estimatedBulkBytes()))
        .expectNext(new BatchResult(1, 0, 0, 0, doc(5).estimatedBulkBytes()))
        .verifyComplete();

    List<Op> ops = http.allOps();
    assertThat(ops).hasSize(5);
    for (int i = 0; i < 5; i++) {
      Doc doc = doc(i + 1);
      assertThat(ops.get(i).action()).isEqualTo("create");
      assertThat(ops.get(i).index()).isEqualTo(INDEX);
      assertThat(ops.get(i).id()).isEqualTo(doc.id());
      assertThat(ops.get(i).source()).isEqualTo(doc.source());
    }
    assertThat(counter("at.records.indexed")).isEqualTo(5);
    assertThat(counter("at.bulk.requests", "outcome", "success")).isEqualTo(3);
    assertThat(registry.get("at.bulk.size.bytes").summary().totalAmount())
        .isEqualTo(5 * doc(1).estimatedBulkBytes());
    assertThat(registry.get("at.bulk.latency").timer().count()).isEqualTo(3);
  }

  @Test
  void conflictsOnCreateCountAsDuplicatesNotErrors() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> i % 2 == 0 ? conflict(request.ops().get(i)) : created(request.ops().get(i)))));

    verify(sink(options(10, 1, 3)), docs(1, 5))
        .assertNext(result -> {
          assertThat(result.duplicates()).isEqualTo(3);
          assertThat(result.indexed()).isEqualTo(2);
          assertThat(result.deadLettered()).isZero();
        })
        .verifyComplete();
    assertThat(http.received()).hasSize(1);
    assertThat(counter("at.records.duplicates")).isEqualTo(3);
  }

  @Test
  void itemLevel429RetriesOnlyThoseItemsAfterAJitteredBackoff() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request, i -> {
      Op op = request.ops().get(i);
      boolean overloaded = n == 0 && (op.id().equals("id-2") || op.id().equals("id-4"));
      return overloaded ? failed(op, 429, "es_rejected_execution_exception", "rejected execution of coordinating")
          : created(op);
    })));

    verify(sink(options(10, 1, 3)), docs(1, 5))
        // first backoff: full jitter pinned at 0.5 of retryInitial (100 ms)
        .then(() -> assertThat(http.received()).hasSize(1))
        .thenAwait(Duration.ofMillis(49))
        .then(() -> assertThat(http.received()).hasSize(1))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(result -> assertThat(result).isEqualTo(
            new BatchResult(5, 0, 0, 2, 7 * doc(1).estimatedBulkBytes())))
        .verifyComplete();

    assertThat(http.received().get(1).ops()).extracting(Op::id).containsExactly("id-2", "id-4");
    assertThat(counter("at.bulk.items.retried")).isEqualTo(2);
    assertThat(counter("at.records.indexed")).isEqualTo(5);
  }

  @Test
  void mappingRejectionGoesToTheDeadLetterIndexWithOriginalTextReasonAndPosition() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request, i -> {
      Op op = request.ops().get(i);
      return op.id().equals("id-2") ? failed(op, 400, "document_parsing_exception",
          "[1:7] failed to parse field [n] of type [long]") : created(op);
    })));

    verify(sink(options(10, 1, 3)), docs(1, 3))
        .assertNext(result -> {
          assertThat(result.indexed()).isEqualTo(2);
          assertThat(result.deadLettered()).isEqualTo(1);
        })
        .verifyComplete();

    assertThat(http.received()).hasSize(2);
    Op letter = http.received().get(1).ops().get(0);
    String original = new String(doc(2).source(), StandardCharsets.UTF_8);
    assertThat(letter.action()).isEqualTo("create");
    assertThat(letter.index()).isEqualTo(DEAD_LETTER_INDEX);
    assertThat(letter.id()).isEqualTo(DeadLetterDocs.idFor("index", original));
    JsonNode json = letter.sourceJson();
    assertThat(json.get("@timestamp").asText()).isEqualTo("2024-05-06T07:08:09Z");
    assertThat(json.get("session").asText()).isEqualTo(SESSION);
    assertThat(json.get("record").asLong()).isEqualTo(2);
    assertThat(json.get("stage").asText()).isEqualTo("index");
    assertThat(json.get("reason").asText())
        .isEqualTo("document_parsing_exception: [1:7] failed to parse field [n] of type [long]");
    assertThat(json.get("error_type").asText()).isEqualTo("document_parsing_exception");
    assertThat(json.get("target_index").asText()).isEqualTo(INDEX);
    assertThat(json.get("doc_id").asText()).isEqualTo("id-2");
    assertThat(json.get("original").asText()).as("the document as sent").isEqualTo(original);
    assertThat(json.get("original_format").asText()).isEqualTo("document");
    assertThat(counter("at.records.dead_lettered", "stage", "index")).isEqualTo(1);
  }

  @Test
  void incomingDeadLettersAreWrittenInTheSameBatchAndCountedByStage() {
    DeadLetter letter = deadLetter(2);
    verify(sink(options(10, 1, 3)), Flux.just(doc(1), letter, doc(3)))
        .expectNext(new BatchResult(2, 0, 1, 0,
            2 * doc(1).estimatedBulkBytes() + letterBytes(letter)))
        .verifyComplete();

    List<Op> ops = http.allOps();
    assertThat(ops).extracting(Op::index).containsExactly(INDEX, DEAD_LETTER_INDEX, INDEX);
    Op op = ops.get(1);
    assertThat(op.id()).isEqualTo(DeadLetterDocs.idFor("decode", letter.originalText()));
    JsonNode json = op.sourceJson();
    assertThat(json.get("stage").asText()).isEqualTo("decode");
    assertThat(json.get("reason").asText()).isEqualTo(letter.reason());
    assertThat(json.get("original").asText()).isEqualTo(letter.originalText());
    assertThat(json.get("record").asLong()).isEqualTo(2);
    assertThat(json.has("error_type")).isFalse();
    assertThat(counter("at.records.dead_lettered", "stage", "decode")).isEqualTo(1);
  }

  long letterBytes(DeadLetter letter) {
    return new DeadLetterDocs(DEAD_LETTER_INDEX, CLOCK).fromDeadLetter(letter).estimatedBytes();
  }

  @Test
  void aDeadLetterAlreadyStoredCountsAsDeadLettered() {
    http.answering((request, n) -> CompletableFuture.completedFuture(
        items(request, i -> conflict(request.ops().get(i)))));

    verify(sink(options(10, 1, 3)), Flux.just(deadLetter(1)))
        .assertNext(result -> assertThat(result.deadLettered()).isEqualTo(1))
        .verifyComplete();
    assertThat(counter("at.records.duplicates")).isZero();
  }

  @Test
  void aDeadLetterTheDeadLetterIndexRejectsStopsTheSinkRatherThanDroppingIt() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> failed(request.ops().get(i), 400, "strict_dynamic_mapping_exception", "mapping set to strict"))));

    verify(sink(options(10, 1, 3)), Flux.just(deadLetter(1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SinkException.class)
            .hasMessageContaining("Dead-letter index " + DEAD_LETTER_INDEX)
            .hasMessageContaining("session session-1 record 1")
            .hasMessageContaining("strict_dynamic_mapping_exception"))
        .verify();
  }

  @Test
  void itemRetriesGiveUpAfterMaxRetriesNamingHowManyAndWhy() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> failed(request.ops().get(i), 503, "unavailable_shards_exception", "primary shard is not active"))));

    verify(sink(options(10, 1, 3)), docs(1, 2))
        .thenAwait(Duration.ofMinutes(5))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(SinkException.class)
              .hasMessageContaining("2 bulk items still failing after 3 retries")
              .hasMessageContaining("unavailable_shards_exception: primary shard is not active");
          assertThat(((SinkException) e).authFailure()).isFalse();
        })
        .verify();
    assertThat(http.received()).hasSize(4);
    assertThat(counter("at.bulk.items.retried")).isEqualTo(6);
  }

  @Test
  void backoffDoublesUpToTheCap() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> failed(request.ops().get(i), 429, "circuit_breaking_exception", "data too large"))));
    SinkOptions options = new SinkOptions(10, 1 << 20, 1, Duration.ofSeconds(1), DEAD_LETTER_INDEX,
        Duration.ofMillis(100), Duration.ofMillis(300), 4);

    // jitter 0.5: delays 50, 100, 150 (capped 300 * 0.5), 150 ms
    verify(sink(options), docs(1, 1))
        .thenAwait(Duration.ofMillis(50))
        .then(() -> assertThat(http.received()).hasSize(2))
        .thenAwait(Duration.ofMillis(99))
        .then(() -> assertThat(http.received()).hasSize(2))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(http.received()).hasSize(3))
        .thenAwait(Duration.ofMillis(150))
        .then(() -> assertThat(http.received()).hasSize(4))
        .thenAwait(Duration.ofMillis(149))
        .then(() -> assertThat(http.received()).hasSize(4))
        .thenAwait(Duration.ofMillis(1))
        .expectError(SinkException.class)
        .verify();
    assertThat(http.received()).hasSize(5);
  }

  @Test
  void unauthorizedRequestFailsAtOnceAsAuthFailure() {
    http.answering((request, n) -> CompletableFuture.completedFuture(
        BulkFakeHttp.error(401, "security_exception", "unable to authenticate user [ingest]")));

    verify(sink(options(10, 1, 3)), docs(1, 3))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(SinkException.class).hasMessageContaining("HTTP 401");
          assertThat(((SinkException) e).authFailure()).isTrue();
        })
        .verify();
    assertThat(http.received()).hasSize(1);
    assertThat(counter("at.bulk.requests", "outcome", "failed")).isEqualTo(1);
  }

  @Test
  void forbiddenItemFailsAsAuthFailure() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> failed(request.ops().get(i), 403, "security_exception", "action [indices:data/write/bulk] is unauthorized"))));

    verify(sink(options(10, 1, 3)), docs(1, 1))
        .expectErrorSatisfies(e -> assertThat(((SinkException) e).authFailure()).isTrue())
        .verify();
  }

  @Test
  void missingIndexWithAutoCreateOffIsFatalAndSaysWhatToDo() {
    http.answering((request, n) -> CompletableFuture.completedFuture(items(request,
        i -> failed(request.ops().get(i), 404, "index_not_found_exception", "no such index [activity-tracker-2018.07]"))));

    verify(sink(options(10, 1, 3)), docs(1, 1))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SinkException.class)
            .hasMessageContaining("Index " + INDEX + " does not exist")
            .hasMessageContaining("action.auto_create_index")
            .hasMessageContaining("index templates"))
        .verify();
  }

  @Test
  void serverErrorOnTheRequestIsRetriedThenSucceeds() {
    http.answering((request, n) -> CompletableFuture.completedFuture(n == 0
        ? BulkFakeHttp.error(500, "internal_server_error", "boom")
        : BulkFakeHttp.allCreated(request)));

    verify(sink(options(10, 1, 3)), docs(1, 4))
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(result -> assertThat(result.indexed()).isEqualTo(4))
        .verifyComplete();
    assertThat(http.received()).hasSize(2);
    assertThat(http.received().get(1).body()).isEqualTo(http.received().get(0).body());
    assertThat(counter("at.bulk.requests", "outcome", "retry")).isEqualTo(1);
    assertThat(counter("at.bulk.requests", "outcome", "success")).isEqualTo(1);
  }

  @Test
  void connectionFailureIsRetriedThenSucceeds() {
    http.answering((request, n) -> n < 2
        ? CompletableFuture.failedFuture(new java.net.ConnectException("Connection refused"))
        : CompletableFuture.completedFuture(BulkFakeHttp.allCreated(request)));

    verify(sink(options(10, 1, 3)), docs(1, 4))
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(result -> assertThat(result.indexed()).isEqualTo(4))
        .verifyComplete();
    assertThat(http.received()).hasSize(3);
  }

  @Test
  void unreachableElasticsearchFailsAfterBoundedRetries() {
    http.answering((request, n) -> CompletableFuture.failedFuture(new java.net.ConnectException("Connection refused")));

    verify(sink(options(10, 1, 2)), docs(1, 4))
        .thenAwait(Duration.ofMinutes(1))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SinkException.class)
            .hasMessageContaining("unreachable")
            .hasMessageContaining("failed 3 times")
            .hasMessageContaining("ConnectException: Connection refused"))
        .verify();
    assertThat(http.received()).hasSize(3);
    assertThat(counter("at.bulk.requests", "outcome", "retry")).isEqualTo(2);
    assertThat(counter("at.bulk.requests", "outcome", "failed")).isEqualTo(1);
  }

  @Test
  void tooLargeRequestIsSplitAndALoneOversizedDocumentIsDeadLettered() {
    // the dead letter keeps the first TOO_LARGE_KEEP_CHARS of the document as sent, so that it fits a request
    int limit = BatchSettlement.TOO_LARGE_KEEP_CHARS + 4096;
    http.answering((request, n) -> CompletableFuture.completedFuture(request.body().length > limit
        ? BulkFakeHttp.json(413, "")
        : BulkFakeHttp.allCreated(request)));
    Doc huge = BulkTestData.docOfSize(3, 2 * limit);
    String kept = new String(huge.source(), StandardCharsets.UTF_8).substring(0, BatchSettlement.TOO_LARGE_KEEP_CHARS);

    verify(sink(options(10, 1, 3)), Flux.just(doc(1), doc(2), huge, doc(4)))
        .assertNext(result -> {
          assertThat(result.indexed()).isEqualTo(3);
          assertThat(result.deadLettered()).isEqualTo(1);
        })
        .verifyComplete();

    // [1,2,3,4] -> 413; [1,2] ok; [3,4] -> 413; [3] -> 413; [4] ok; dead letter of 3 ok
    assertThat(http.received()).extracting(r -> r.ops().stream().map(Op::id).toList()).containsExactly(
        List.of("id-1", "id-2", "id-3", "id-4"), List.of("id-1", "id-2"), List.of("id-3", "id-4"),
        List.of("id-3"), List.of(DeadLetterDocs.idFor("index", kept)), List.of("id-4"));
    JsonNode letter = http.received().get(4).ops().get(0).sourceJson();
    assertThat(letter.get("reason").asText()).startsWith("document too large for http.max_content_length")
        .endsWith("original cut to its first " + BatchSettlement.TOO_LARGE_KEEP_CHARS + " chars");
    assertThat(letter.get("original").asText()).isEqualTo(kept);
    assertThat(letter.get("doc_id").asText()).isEqualTo("id-3");
  }
}
