package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.atconnector.ingest.model.Doc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RawBulkTest {
  @Test
  void bodyIsOneActionLineAndTheSourceAsIsPerItemWithIdsEscaped() throws IOException {
    Doc a = BulkTestData.doc(1);
    BulkItem first = new BulkItem("idx-1", "plain", a.source(), a, null);
    BulkItem second = new BulkItem("idx-1", "quo\"te\\é", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), a, null);
    StringBuilder text = new StringBuilder();
    for (BinaryData line : RawBulk.lines(List.of(first, second))) {
      java.nio.ByteBuffer buffer = line.asByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      text.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
    }
    assertThat(text.toString()).isEqualTo("{\"create\":{\"_index\":\"idx-1\",\"_id\":\"plain\"}}\n"
        + new String(a.source(), StandardCharsets.UTF_8) + "\n"
        + "{\"create\":{\"_index\":\"idx-1\",\"_id\":\"quo\\\"te\\\\é\"}}\n{\"x\":1}\n");
  }

  @Test
  void bodyIsFewLargePartsCutAtLineEndsWithLargeDocumentsAsTheirOwnPartAndSegmentsReused() throws IOException {
    BodySegments pool = new BodySegments(1024);
    List<BulkItem> items = new java.util.ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      // mostly small documents, one as large as a segment and one larger: those go as they are, not copied
      Doc doc = BulkTestData.docOfSize(i, i == 7 ? 1023 : i == 20 ? 5000 : 60 + i * 3);
      items.add(BulkItem.of(doc));
      expected.append("{\"create\":{\"_index\":\"").append(doc.index()).append("\",\"_id\":\"").append(doc.id())
          .append("\"}}\n").append(new String(doc.source(), StandardCharsets.UTF_8)).append('\n');
    }
    BulkBody body = BulkBody.of(items, java.util.Optional.empty(), pool);
    StringBuilder text = new StringBuilder();
    for (BinaryData part : body.parts()) {
      java.nio.ByteBuffer buffer = part.asByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      assertThat(bytes.length).isLessThanOrEqualTo(5000);
      assertThat(bytes[bytes.length - 1]).isNotEqualTo((byte) '\n'); // the transport writes each part's last one
      text.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
    }
    assertThat(text.toString()).isEqualTo(expected.toString());
    assertThat(body.parts()).hasSizeLessThan(items.size() / 2);
    assertThat(body.parts().stream().filter(p -> p.size() == 1023 || p.size() == 5000)).hasSize(2);

    assertThat(pool.free()).isZero();
    body.release();
    int segments = pool.free();
    assertThat(segments).isGreaterThan(1);
    BulkBody.of(items, java.util.Optional.empty(), pool);
    assertThat(pool.free()).as("a second body of the same items takes every free segment again").isZero();
  }

  @Test
  void deadLettersNeverNameThePipelineEventsDo() throws IOException {
    Doc a = BulkTestData.doc(1);
    BulkItem event = BulkItem.of(a);
    BulkItem letter = new BulkItem("dl", "x", "{}".getBytes(StandardCharsets.UTF_8), a, "decode");
    List<BinaryData> parts = BulkBody.of(List.of(event, letter), java.util.Optional.of("p\"1"), new BodySegments())
        .parts();
    assertThat(parts).hasSize(1);
    assertThat(new String(parts.get(0).asByteBuffer().array(), 0, (int) parts.get(0).size(), StandardCharsets.UTF_8))
        .isEqualTo("{\"create\":{\"_index\":\"" + a.index() + "\",\"_id\":\"" + a.id() + "\",\"pipeline\":\"p\\\"1\"}}\n"
            + new String(a.source(), StandardCharsets.UTF_8) + "\n{\"create\":{\"_index\":\"dl\",\"_id\":\"x\"}}\n{}");
  }

  /** A bulk answer filtered by {@link RawBulk#FILTER_PATH}, as Elasticsearch 8.19 wrote it (created, 409, 400). */
  static final String FILTERED_ANSWER = "{\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":409,"
      + "\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"[1]: version conflict, document "
      + "already exists (current version [1])\",\"index_uuid\":\"csLzBRswTw2KRK197TodKQ\",\"shard\":\"0\",\"index\":"
      + "\"ab-x\"}}},{\"create\":{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":"
      + "\"[1:6] failed to parse field [a] of type [long] in document with id '3'. Preview of field's value: 'x'\","
      + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"For input string: \\\"x\\\"\"}}}}]}";

  @Test
  void requestIsAPostToBulkAskingOnlyForEachItemsStatusAndErrorAndItsFilteredAnswerIsRead() throws Exception {
    AtomicReference<TransportHttpClient.Request> sent = new AtomicReference<>();
    TransportHttpClient http = new TransportHttpClient() {
      @Override
      public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) {
        throw new UnsupportedOperationException("the sink must use the async client");
      }

      @Override
      public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
          TransportOptions options) {
        sent.set(request);
        return CompletableFuture.completedFuture(BulkFakeHttp.json(200, FILTERED_ANSWER));
      }

      @Override
      public void close() {}
    };
    ElasticsearchAsyncClient client = new ElasticsearchAsyncClient(
        new ElasticsearchTransportBase(http, null, new JacksonJsonpMapper(), NoopInstrumentation.INSTANCE) {});
    List<BulkItem> items = List.of(BulkItem.of(BulkTestData.doc(1)), BulkItem.of(BulkTestData.doc(2)),
        BulkItem.of(BulkTestData.doc(3)));

    RawBulk.Answer answer = RawBulk.send(client, items, Optional.empty(), new BodySegments())
        .get(30, TimeUnit.SECONDS);

    TransportHttpClient.Request request = sent.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/_bulk");
    // the items' status and error only: no _index, _id, _version, result, _shards, _seq_no per item
    assertThat(request.queryParams()).containsExactly(Map.entry("filter_path", "items.*.status,items.*.error"));
    assertThat(answer.status()).containsExactly(201, 409, 400);
    assertThat(answer.errors()[0]).isNull();
    assertThat(answer.errors()[1].type()).isEqualTo("version_conflict_engine_exception");
    assertThat(answer.errors()[2]).isEqualTo(new RawBulk.ItemError("document_parsing_exception",
        "[1:6] failed to parse field [a] of type [long] in document with id '3'. Preview of field's value: 'x'",
        "illegal_argument_exception", "For input string: \"x\""));
  }

  @Test
  void answerKeepsEachItemsStatusAndErrorInOrderAndSkipsTheRest() throws IOException {
    String json = "{\"took\":3,\"errors\":true,\"items\":["
        + "{\"create\":{\"_index\":\"i\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\",\"_shards\":{\"total\":2},"
        + "\"status\":201}},"
        + "{\"create\":{\"_index\":\"i\",\"_id\":\"2\",\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\","
        + "\"reason\":\"failed to parse\",\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"bad\","
        + "\"caused_by\":{\"type\":\"deeper\",\"reason\":\"x\"}},\"root_cause\":[{\"type\":\"r\"}]}}},"
        + "{\"create\":{\"_index\":\"i\",\"_id\":\"3\",\"status\":409,\"error\":{\"type\":"
        + "\"version_conflict_engine_exception\",\"reason\":\"exists\"}}}]}";
    try (JsonParser p = new JsonFactory().createParser(json)) {
      RawBulk.Answer answer = RawBulk.parse(p);
      assertThat(answer.size()).isEqualTo(3);
      assertThat(answer.status()).containsExactly(201, 400, 409);
      assertThat(answer.errors()[0]).isNull();
      assertThat(answer.errors()[1]).isEqualTo(new RawBulk.ItemError("mapper_parsing_exception", "failed to parse",
          "illegal_argument_exception", "bad"));
      assertThat(answer.errors()[2]).isEqualTo(new RawBulk.ItemError("version_conflict_engine_exception", "exists",
          null, null));
    }
  }

  @Test
  void manyItemsGrowTheArrays() throws IOException {
    StringBuilder json = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 200; i++) {
      json.append(i == 0 ? "" : ",").append("{\"create\":{\"status\":").append(i % 2 == 0 ? 201 : 429).append("}}");
    }
    try (JsonParser p = new JsonFactory().createParser(json.append("],\"errors\":true}").toString())) {
      RawBulk.Answer answer = RawBulk.parse(p);
      assertThat(answer.size()).isEqualTo(200);
      assertThat(answer.status()[198]).isEqualTo(201);
      assertThat(answer.status()[199]).isEqualTo(429);
    }
  }
}
