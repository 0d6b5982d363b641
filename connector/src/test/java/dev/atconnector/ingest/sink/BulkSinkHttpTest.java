package dev.atconnector.ingest.sink;

import static dev.atconnector.ingest.sink.BulkFakeHttp.created;
import static dev.atconnector.ingest.sink.BulkFakeHttp.itemsJson;
import static dev.atconnector.ingest.sink.BulkTestData.DEAD_LETTER_INDEX;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.sink.BulkFakeHttp.Op;
import dev.atconnector.ingest.sink.BulkFakeHttp.Received;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * The sink through the real RestClient stack against a tiny in-process {@code _bulk} server: whole-request failures
 * arrive as the low-level client's own exceptions (ResponseException for 413/429/5xx, parsed errors for 401).
 */
class BulkSinkHttpTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The server's answer to request {@code n}. */
  interface Script {
    Answer answer(Received request, int n);
  }

  record Answer(int status, String body) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  DisposableServer server;
  RestClient restClient;

  BulkSink sinkAnswering(Script script) {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .route(routes -> routes.post("/_bulk", (request, response) -> request.receive().aggregate().asByteArray()
            .defaultIfEmpty(new byte[0])
            .flatMap(body -> {
              Received r = BulkFakeHttp.parseBody(body);
              received.add(r);
              Answer answer = script.answer(r, received.size() - 1);
              return response.status(HttpResponseStatus.valueOf(answer.status()))
                  .header("Content-Type", "application/json")
                  .header("X-Elastic-Product", "Elasticsearch")
                  .sendString(Mono.just(answer.body()))
                  .then();
            })))
        .bindNow();
    restClient = RestClient.builder(new HttpHost("127.0.0.1", server.port(), "http")).build();
    ElasticsearchAsyncClient client =
        new ElasticsearchAsyncClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    SinkOptions options = new SinkOptions(10, 1 << 20, 1, Duration.ofMillis(100), DEAD_LETTER_INDEX,
        Duration.ofMillis(1), Duration.ofMillis(5), 3);
    return new BulkSink(client, options, registry);
  }

  @AfterEach
  void stop() throws IOException {
    if (restClient != null) {
      restClient.close();
    }
    if (server != null) {
      server.disposeNow();
    }
  }

  static Answer ok(Received request) {
    return new Answer(200, itemsJson(request, i -> created(request.ops().get(i))));
  }

  static Answer error(int status, String type) {
    return new Answer(status, "{\"error\":{\"type\":\"" + type + "\",\"reason\":\"r\"},\"status\":" + status + "}");
  }

  @Test
  void serverErrorThenSuccessIsRetriedWithTheSameBody() {
    BulkSink sink = sinkAnswering((request, n) -> n == 0 ? error(500, "exception") : ok(request));

    StepVerifier.create(sink.write(BulkSinkTest.docs(1, 4)))
        .assertNext(r -> assertThat(r.indexed()).isEqualTo(4))
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(received).hasSize(2);
    assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
    assertThat(registry.get("at.bulk.requests").tag("outcome", "retry").counter().count()).isEqualTo(1);
  }

  @Test
  void tooManyRequestsAndUnavailableAreRetried() {
    BulkSink sink = sinkAnswering((request, n) -> switch (n) {
      case 0 -> error(429, "es_rejected_execution_exception");
      case 1 -> error(503, "unavailable_shards_exception");
      default -> ok(request);
    });

    StepVerifier.create(sink.write(BulkSinkTest.docs(1, 3)))
        .assertNext(r -> assertThat(r.indexed()).isEqualTo(3))
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(received).hasSize(3);
  }

  @Test
  void payloadTooLargeSplitsTheRequest() {
    // the dead letter keeps the document's first TOO_LARGE_KEEP_CHARS: it fits where the document did not
    int limit = BatchSettlement.TOO_LARGE_KEEP_CHARS + 4096;
    Doc huge = BulkTestData.docOfSize(2, 2 * limit);
    BulkSink sink = sinkAnswering((request, n) ->
        request.body().length > limit ? new Answer(413, "") : ok(request));

    StepVerifier.create(sink.write(Flux.just(BulkTestData.doc(1), huge, BulkTestData.doc(3))))
        .assertNext(r -> {
          assertThat(r.indexed()).isEqualTo(2);
          assertThat(r.deadLettered()).isEqualTo(1);
        })
        .expectComplete()
        .verify(TIMEOUT);
    List<Op> letters = received.stream().flatMap(r -> r.ops().stream())
        .filter(op -> op.index().equals(DEAD_LETTER_INDEX)).toList();
    assertThat(letters).singleElement().satisfies(op ->
        assertThat(op.sourceJson().get("reason").asText()).contains("http.max_content_length"));
  }

  @Test
  void unauthorizedIsAnAuthFailureWithoutRetry() {
    BulkSink sink = sinkAnswering((request, n) -> error(401, "security_exception"));

    StepVerifier.create(sink.write(BulkSinkTest.docs(1, 3)))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(SinkException.class).hasMessageContaining("HTTP 401");
          assertThat(((SinkException) e).authFailure()).isTrue();
          assertThat(e.getMessage()).contains("http://127.0.0.1:" + server.port());
        })
        .verify(TIMEOUT);
    assertThat(received).hasSize(1);
  }
}
