package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/** The sink against a real Elasticsearch (es-local fixture). */
@ExtendWith(ElasticsearchExtension.class)
class BulkSinkIT {
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  static RestClient restClient;
  static ElasticsearchAsyncClient async;
  static ElasticsearchClient sync;
  static String prefix;

  @BeforeAll
  static void connect(EsEndpoint endpoint) {
    Header[] headers = endpoint.authorizationHeader()
        .map(value -> new Header[] {new BasicHeader("Authorization", value)})
        .orElse(new Header[0]);
    restClient = RestClient.builder(new HttpHost(endpoint.host(), endpoint.port(), endpoint.uri().getScheme()))
        .setDefaultHeaders(headers)
        .setCompressionEnabled(true)
        .build();
    RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper());
    async = new ElasticsearchAsyncClient(transport);
    sync = new ElasticsearchClient(transport);
    prefix = "it-bulk-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT) + "-";
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (sync != null) {
      sync.indices().delete(d -> d.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
      restClient.close();
    }
  }

  static SinkOptions options(String deadLetterIndex) {
    return new SinkOptions(1000, 5L * 1024 * 1024, 2, Duration.ofMillis(200), deadLetterIndex,
        Duration.ofMillis(50), Duration.ofSeconds(2), 5);
  }

  static Doc event(String index, int n) {
    String month = n % 2 == 0 ? "2018.07" : "2018.08";
    String time = n % 2 == 0 ? "2018-07-15T10:00:00Z" : "2018-08-15T10:00:00Z";
    String source = "{\"@timestamp\":\"" + time + "\",\"n\":" + n + ",\"action\":\"iam.login\"}";
    return new Doc("evt-" + n, index + month, source.getBytes(StandardCharsets.UTF_8), new Position("it-session", n),
        n);
  }

  List<BatchResult> write(BulkSink sink, Flux<? extends Decoded> input) {
    return sink.write(input).collectList().block(TIMEOUT);
  }

  long count(String index) throws IOException {
    sync.indices().refresh(r -> r.index(index));
    return sync.count(c -> c.index(index)).count();
  }

  @Test
  void indexesTenThousandDocsInTwoMonthlyIndicesAndARerunIsAllDuplicates() throws IOException {
    String events = prefix + "events-";
    BulkSink sink = new BulkSink(async, options(prefix + "dead-letter-a"), new SimpleMeterRegistry());
    Flux<Doc> docs = Flux.range(0, 10_000).map(n -> event(events, n));

    List<BatchResult> first = write(sink, docs);
    assertThat(first.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(10_000);
    assertThat(first.stream().mapToLong(BatchResult::duplicates).sum()).isZero();
    assertThat(count(events + "2018.07")).isEqualTo(5_000);
    assertThat(count(events + "2018.08")).isEqualTo(5_000);

    List<BatchResult> again = write(sink, docs);
    assertThat(again.stream().mapToLong(BatchResult::duplicates).sum()).isEqualTo(10_000);
    assertThat(again.stream().mapToLong(BatchResult::indexed).sum()).isZero();
    assertThat(count(events + "*")).isEqualTo(10_000);
  }

  @Test
  void aMappingConflictIsDeadLetteredOnceWithItsOriginalText() throws IOException {
    String index = prefix + "conflict";
    String deadLetters = prefix + "dead-letter-b";
    BulkSink sink = new BulkSink(async, options(deadLetters), new SimpleMeterRegistry());
    Doc asText = doc(index, 1, "{\"field\":\"a string\"}");
    Doc asObject = doc(index, 2, "{\"field\":{\"nested\":true}}");

    assertThat(write(sink, Flux.just(asText))).singleElement().extracting(BatchResult::indexed).isEqualTo(1L);
    List<BatchResult> conflict = write(sink, Flux.just(asObject));
    assertThat(conflict).singleElement().satisfies(r -> {
      assertThat(r.deadLettered()).isEqualTo(1);
      assertThat(r.indexed()).isZero();
    });
    // A re-run must not add a second copy of the dead letter.
    assertThat(write(sink, Flux.just(asObject))).singleElement()
        .extracting(BatchResult::deadLettered).isEqualTo(1L);

    assertThat(count(deadLetters)).isEqualTo(1);
    SearchResponse<JsonData> hits = sync.search(s -> s.index(deadLetters), JsonData.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> letter = hits.hits().hits().get(0).source().to(Map.class);
    assertThat(letter).containsEntry("original", "{\"field\":{\"nested\":true}}")
        .containsEntry("stage", "index")
        .containsEntry("session", "it-session")
        .containsEntry("target_index", index)
        .containsEntry("doc_id", "doc-2");
    assertThat(((Number) letter.get("record")).longValue()).isEqualTo(2);
    assertThat((String) letter.get("reason")).startsWith(letter.get("error_type") + ": ");
    assertThat(count(index)).isEqualTo(1);
  }

  static Doc doc(String index, int n, String source) {
    return new Doc("doc-" + n, index, source.getBytes(StandardCharsets.UTF_8), new Position("it-session", n), n);
  }

  @Test
  void unreachableElasticsearchFailsWithSinkExceptionAfterBoundedRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (RestClient nowhere = RestClient.builder(new HttpHost("127.0.0.1", closedPort, "http")).build()) {
      ElasticsearchAsyncClient client =
          new ElasticsearchAsyncClient(new RestClientTransport(nowhere, new JacksonJsonpMapper()));
      SinkOptions options = new SinkOptions(100, 1 << 20, 1, Duration.ofMillis(200), prefix + "dl-c",
          Duration.ofMillis(10), Duration.ofMillis(50), 3);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      BulkSink sink = new BulkSink(client, options, registry);

      Flux<Doc> docs = Flux.fromStream(IntStream.range(0, 10).mapToObj(n -> event(prefix + "nowhere-", n)));
      assertThatThrownBy(() -> write(sink, docs))
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("Elasticsearch at http://127.0.0.1:" + closedPort + " unreachable")
          .hasMessageContaining("failed 4 times")
          .satisfies(e -> assertThat(((SinkException) e).authFailure()).isFalse());
      assertThat(registry.get("at.bulk.requests").tag("outcome", "retry").counter().count()).isEqualTo(3);
    }
  }
}
