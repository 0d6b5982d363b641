package dev.atconnector.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DestinationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long JULY_2018 = Instant.parse("2018-07-31T23:59:59Z").toEpochMilli();

  @Test
  void aDataStreamTakesEveryEventWhateverItsTime() {
    Destination.DataStream ds = Destination.dataStream("prod");
    assertThat(ds.name()).isEqualTo("logs-ibmcloud.activity_tracker-prod");
    assertThat(ds.index(JULY_2018)).isEqualTo(ds.index(0L)).isEqualTo(ds.name());
    assertThat(ds.searchTarget()).isEqualTo(ds.name());
    assertThat(ds.checkpointKey()).isEqualTo(ds.name());
  }

  @Test
  void monthlyIndicesFollowTheEventsMonth() {
    Destination.Monthly m = Destination.monthly("audit-");
    assertThat(m.index(JULY_2018)).isEqualTo("audit-2018.07");
    assertThat(m.searchTarget()).isEqualTo("audit-20*");
    assertThat(m.checkpointKey()).isEqualTo("audit-");
    byte[] doc = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(m.document(doc)).isSameAs(doc);
  }

  @Test
  void dataStreamDocumentsCarryTheirStreamsFields() throws Exception {
    Destination.DataStream ds = Destination.dataStream("default");
    JsonNode doc = JSON.readTree(ds.document("{\"a\":{\"b\":\"}\"}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.at("/a/b").asText()).isEqualTo("}");
    assertThat(doc.at("/data_stream/type").asText()).isEqualTo("logs");
    assertThat(doc.at("/data_stream/dataset").asText()).isEqualTo("ibmcloud.activity_tracker");
    assertThat(doc.at("/data_stream/namespace").asText()).isEqualTo("default");
    assertThat(JSON.readTree(ds.document("{ }".getBytes(StandardCharsets.UTF_8))).size()).isEqualTo(1);
    assertThat(JSON.readTree(ds.document("{\"x\":true}\n".getBytes(StandardCharsets.UTF_8))).size()).isEqualTo(2);
  }

  @Test
  void namespacesAreCheckedAsElasticsearchAndFleetDo() {
    for (String ok : new String[] {"default", "prod_eu", "team.a", "n1"}) {
      assertThat(Destination.dataStream(ok).namespace()).isEqualTo(ok);
    }
    for (String bad : new String[] {"", "Prod", "a-b", "a b", "a*", "_x", ".x", "x".repeat(101), "a:b"}) {
      assertThatThrownBy(() -> Destination.dataStream(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("namespace '" + bad + "'").hasMessageContaining("no '-'");
    }
  }
}
