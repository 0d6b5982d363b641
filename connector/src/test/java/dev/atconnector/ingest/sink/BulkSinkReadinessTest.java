package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.ingest.metrics.Readiness;
import dev.atconnector.ingest.metrics.Side;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The sink's requests feed the run's readiness and the {@code at.retries} meter, through the real client stack. */
class BulkSinkReadinessTest {
  private final BulkSinkHttpTest fixture = new BulkSinkHttpTest();

  @AfterEach
  void stop() throws IOException {
    fixture.stop();
  }

  private Readiness readiness() {
    return Readiness.of(fixture.registry);
  }

  private double retries(String reason) {
    return fixture.registry.get(MeterNames.RETRIES).tag("side", "sink").tag("reason", reason).counter().count();
  }

  @Test
  void aFailingRequestMakesTheSinkNotReadyUntilTheRetrySucceeds() {
    Readiness.State[] seenAtRetry = new Readiness.State[1];
    BulkSink sink = fixture.sinkAnswering((request, n) -> {
      if (n == 1) {
        seenAtRetry[0] = readiness().check(Side.SINK).state();
      }
      return n == 0 ? BulkSinkHttpTest.error(503, "unavailable_shards_exception") : BulkSinkHttpTest.ok(request);
    });
    StepVerifier.create(sink.write(BulkSinkTest.docs(1, 3))).expectNextCount(1).expectComplete()
        .verify(BulkSinkHttpTest.TIMEOUT);
    assertThat(seenAtRetry[0]).isEqualTo(Readiness.State.UNREACHABLE);
    assertThat(readiness().check(Side.SINK).state()).isEqualTo(Readiness.State.UP);
    assertThat(retries("server_error")).isEqualTo(1);
  }

  @Test
  void anAuthFailureStays() {
    BulkSink sink = fixture.sinkAnswering((request, n) -> BulkSinkHttpTest.error(401, "security_exception"));
    StepVerifier.create(sink.write(BulkSinkTest.docs(1, 3))).expectError(SinkException.class)
        .verify(BulkSinkHttpTest.TIMEOUT);
    assertThat(readiness().check(Side.SINK).state()).isEqualTo(Readiness.State.AUTH_FAILED);
    assertThat(readiness().check(Side.SINK).httpStatus()).isEqualTo(401);
  }

  @Test
  void aTooLargeRequestIsSplitAndElasticsearchCountsAsUp() {
    int limit = BatchSettlement.TOO_LARGE_KEEP_CHARS + 4096; // the dead letter (64 KiB of the document) fits
    BulkSink sink = fixture.sinkAnswering((request, n) ->
        request.body().length > limit ? new BulkSinkHttpTest.Answer(413, "") : BulkSinkHttpTest.ok(request));
    StepVerifier.create(sink.write(reactor.core.publisher.Flux.just(BulkTestData.doc(1),
            BulkTestData.docOfSize(2, 2 * limit)))).expectNextCount(1).expectComplete()
        .verify(BulkSinkHttpTest.TIMEOUT);
    assertThat(retries("too_large")).isPositive();
    assertThat(readiness().check(Side.SINK).state()).isEqualTo(Readiness.State.UP);
  }
}
