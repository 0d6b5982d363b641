package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.atconnector.ingest.model.Doc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
