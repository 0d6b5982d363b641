package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventIdentityTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode tree(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  @Test
  void canonicalJsonTestVector() throws Exception {
    JsonNode record = MAPPER.readTree(utf8("{\"b\":1,\"a\":{\"y\":[3,\"ü 東京 🚀\"],\"x\":true},\"c\":null,\"d\":\"q\\\"s\\\\/\"}"));

    byte[] canonical = EventIdentity.canonicalJson(record);

    assertThat(new String(canonical, StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":{\"x\":true,\"y\":[3,\"ü 東京 🚀\"]},\"b\":1,\"c\":null,\"d\":\"q\\\"s\\\\/\"}");
    assertThat(EventIdentity.sha256Hex(canonical))
        .isEqualTo("b7fb295ec97c5b5c4bffb49c534617a6195788ce4ec77062e35b5eb522a2b3d7");
    assertThat(EventIdentity.of(record))
        .isEqualTo(new EventIdentity("b7fb295ec97c5b5c4bffb49c534617a6195788ce4ec77062e35b5eb522a2b3d7", "sha256"));
  }

  @Test
  void eventUuidWinsOverId() throws Exception {
    assertThat(EventIdentity.of(tree("{\"id\":\"cadf-1\",\"event_uuid\":\"u-1\"}")))
        .isEqualTo(new EventIdentity("u-1", "event_uuid"));
  }

  @Test
  void cadfIdAtTheRootOrInTheEnvelopePayload() throws Exception {
    assertThat(EventIdentity.of(tree("{\"id\":\"cadf-1\"}"))).isEqualTo(new EventIdentity("cadf-1", "id"));
    assertThat(EventIdentity.of(tree("{\"id\":\"outer\",\"meta\":{},\"payload\":{\"id\":\"cadf-2\"}}")))
        .isEqualTo(new EventIdentity("cadf-2", "id"));
  }

  @Test
  void blankNonStringOrOverlongIdsFallBackToTheHash() throws Exception {
    String longId = "é".repeat(257); // 514 UTF-8 bytes, 257 chars
    for (String json : new String[] {"{\"event_uuid\":\"  \",\"id\":7}", "{\"id\":\"" + longId + "\"}",
        "{\"payload\":{\"id\":\"\"},\"id\":\"root-ignored-for-envelopes\"}"}) {
      JsonNode record = tree(json);
      assertThat(EventIdentity.of(record))
          .isEqualTo(new EventIdentity(EventIdentity.sha256Hex(EventIdentity.canonicalJson(record)), "sha256"));
    }
    assertThat(EventIdentity.of(tree("{\"id\":\"" + "é".repeat(256) + "\"}")).source()).isEqualTo("id");
  }

  @Test
  void hashIgnoresKeyOrderAndWhitespaceButNotValues() throws Exception {
    String a = EventIdentity.of(tree("{\"x\":1, \"y\":{\"b\":[1,2.5],\"a\":\"z\"}}")).id();
    String b = EventIdentity.of(tree("{\"y\":{\"a\":\"z\",\"b\":[1,2.5]},\"x\":1}")).id();
    String c = EventIdentity.of(tree("{\"y\":{\"a\":\"z\",\"b\":[2,1.5]},\"x\":1}")).id();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(64);
  }

  @Test
  void utf8LengthCountsSurrogatePairsAsFourBytes() {
    assertThat(EventIdentity.utf8Length("aé東🚀")).isEqualTo(1 + 2 + 3 + 4);
  }
}
