package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refused documents replayed into another destination get its index and its data_stream.* (or none). */
class DataStreamFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Position AT = new Position("s", 7);

  private static Doc doc(String index, String source) {
    return new Doc("id-1", index, source.getBytes(StandardCharsets.UTF_8), AT, 42L);
  }

  @Test
  void aMonthlyDocumentReplayedIntoADataStreamGetsTheStreamAndItsFieldsLast() throws Exception {
    Doc monthly = doc("audit-2018.08", "{\"@timestamp\":\"2018-08-15T10:00:00.000Z\",\"a\":{\"b\":\"}\"},\"n\":[1,2]}");
    Doc out = DataStreamFields.retarget(monthly, Destination.dataStream("prod")).orElseThrow();

    assertThat(out.index()).isEqualTo("logs-ibmcloud.activity_tracker-prod");
    assertThat(List.of(out.id(), out.position(), out.checksum())).containsExactly("id-1", AT, 42L);
    JsonNode tree = JSON.readTree(out.source());
    assertThat(tree.at("/a/b").asText()).isEqualTo("}");
    assertThat(tree.at("/n").toString()).isEqualTo("[1,2]");
    assertThat(tree.path("data_stream").toString()).isEqualTo("{\"type\":\"logs\",\"dataset\":"
        + "\"ibmcloud.activity_tracker\",\"namespace\":\"prod\"}");
    List<String> names = new java.util.ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("@timestamp", "a", "n", "data_stream");
  }

  @Test
  void aStreamDocumentReplayedIntoAnotherNamespaceOrIntoMonthlyIndicesLosesItsOldStreamFields() throws Exception {
    Doc stream = doc("logs-ibmcloud.activity_tracker-old", "{\"data_stream\":{\"type\":\"logs\",\"dataset\":"
        + "\"ibmcloud.activity_tracker\",\"namespace\":\"old\"},\"@timestamp\":\"2018-07-01T00:00:00.000Z\"}");

    Doc moved = DataStreamFields.retarget(stream, Destination.dataStream("new")).orElseThrow();
    assertThat(JSON.readTree(moved.source()).at("/data_stream/namespace").asText()).isEqualTo("new");

    Doc monthly = DataStreamFields.retarget(stream, Destination.monthly("audit-")).orElseThrow();
    assertThat(monthly.index()).isEqualTo("audit-2018.07");
    assertThat(JSON.readTree(monthly.source()).has("data_stream")).isFalse();
  }

  @Test
  void withoutAUsableTimestampTheDocumentKeepsItsIndexAndNonObjectsAreLeftAlone() {
    Doc noTime = doc("audit-2018.08", "{\"@timestamp\":\"yesterday\",\"x\":1}");
    assertThat(DataStreamFields.retarget(noTime, Destination.monthly("other-")).orElseThrow().index())
        .isEqualTo("audit-2018.08");

    for (String bad : List.of("[1,2]", "{\"x\":1} {\"y\":2}", "{\"x\":", "not json")) {
      assertThat(DataStreamFields.retarget(doc("i", bad), Destination.dataStream("p"))).as(bad).isEmpty();
    }
  }
}
