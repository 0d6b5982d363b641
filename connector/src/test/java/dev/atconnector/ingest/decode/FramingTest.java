package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.concat;
import static dev.atconnector.ingest.decode.Bodies.decode;
import static dev.atconnector.ingest.decode.Bodies.member;
import static dev.atconnector.ingest.decode.Bodies.summary;
import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FramingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String T = "\"eventTime\":\"2018-07-16T15:00+0000\"";

  enum Framing { NDJSON, ARRAY, CONCATENATED }

  enum Shape { STORED, CADF, ENVELOPE }

  private static String record(Shape shape, int i) {
    return switch (shape) {
      case STORED -> "{\"event_uuid\":\"u-" + i + "\",\"@version\":\"1\",\"@timestamp\":\"2018-07-16T15:00:03.062Z\","
          + T + ",\"m\":\"é" + i + "\"}";
      case CADF -> "{\"id\":\"c-" + i + "\"," + T + ",\"m\":\"東" + i + "\"}";
      case ENVELOPE -> "{\"meta\":{\"serviceProviderName\":\"x\"},\"payload\":{\"id\":\"p-" + i + "\"," + T
          + ",\"m\":\"🚀" + i + "\"},\"saveServiceCopy\":true}";
    };
  }

  private static String frame(Framing framing, List<String> records) {
    return switch (framing) {
      case NDJSON -> String.join("\n", records) + "\n";
      case ARRAY -> "[\n" + String.join(",\n", records) + "\n]\n";
      case CONCATENATED -> records.get(0) + records.get(1) + " \t\r\n " + String.join("", records.subList(2, 4));
    };
  }

  /** The body gzipped in two members, split in the middle of the text. */
  private static byte[] twoMembers(String text) {
    byte[] bytes = utf8(text);
    int half = bytes.length / 2;
    return concat(member(Arrays.copyOf(bytes, half), 0), member(Arrays.copyOfRange(bytes, half, bytes.length), 0));
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"NDJSON,STORED", "NDJSON,CADF", "NDJSON,ENVELOPE", "ARRAY,STORED", "ARRAY,CADF", "ARRAY,ENVELOPE",
      "CONCATENATED,STORED", "CONCATENATED,CADF", "CONCATENATED,ENVELOPE"})
  void everyFramingOfEveryShape(Framing framing, Shape shape) throws Exception {
    List<String> records = List.of(record(shape, 1), record(shape, 2), record(shape, 3), record(shape, 4));
    byte[] body = twoMembers(frame(framing, records));

    List<Decoded> decoded = decode(body, 1);

    assertThat(summary(decoded)).isEqualTo(summary(decode(body, body.length)));
    assertThat(decoded).hasSize(4).allMatch(d -> d instanceof Doc);
    for (int i = 0; i < 4; i++) {
      Doc doc = (Doc) decoded.get(i);
      assertThat(Bodies.original(doc)).isEqualTo(records.get(i));
      assertThat(doc.id()).isEqualTo(switch (shape) {
        case STORED -> "u-" + (i + 1);
        case CADF -> "c-" + (i + 1);
        case ENVELOPE -> "p-" + (i + 1);
      });
      assertThat(MAPPER.readTree(doc.source()).at("/ibmcloud/activity_tracker/shape").asText()).isEqualTo(shape.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(doc.position().recordNumber()).isEqualTo(i + 1);
    }
  }

  private static void assertResynced(List<Decoded> decoded, String badText, String... goodIds) {
    assertThat(decoded).hasSize(3);
    assertThat(((Doc) decoded.get(0)).id()).isEqualTo(goodIds[0]);
    assertThat(decoded.get(1)).isInstanceOfSatisfying(DeadLetter.class, d -> {
      assertThat(d.stage()).isEqualTo("decode");
      assertThat(d.position().recordNumber()).isEqualTo(2);
      assertThat(d.reason()).startsWith("record 2 (line 2").contains("is not valid JSON: Unrecognized token 'nope'");
      assertThat(d.originalText()).isEqualTo(badText);
    });
    assertThat(((Doc) decoded.get(2)).id()).isEqualTo(goodIds[1]);
    assertThat(decoded.get(2).position().recordNumber()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void malformedRecordIsDeadLetteredAndDecodingResyncsAtTheNextLine(Framing framing) {
    String good1 = record(Shape.CADF, 1);
    String good3 = record(Shape.CADF, 3);
    String bad = "{\"id\":\"c-2\",\"m\":nope}";
    String text = switch (framing) {
      case NDJSON -> good1 + "\n" + bad + "\n" + good3 + "\n";
      case ARRAY -> "[" + good1 + ",\n" + bad + "\n," + good3 + "]";
      case CONCATENATED -> good1 + "\n" + bad + good3.substring(0, 3) + "\n" + good3;
    };
    String badText = framing == Framing.CONCATENATED ? bad + good3.substring(0, 3) : bad;
    byte[] body = twoMembers(text);

    assertResynced(decode(body, 1), badText, "c-1", "c-3");
    assertResynced(decode(body, body.length), badText, "c-1", "c-3");
  }

  @Test
  void badLinesBetweenArrayElementsAndAtTheEnd() {
    String text = "[" + record(Shape.CADF, 1) + ",\n  ]junk\n" + record(Shape.CADF, 3) + "]\n{oops";
    List<Decoded> decoded = decode(utf8(text), 7);
    assertThat(decoded).extracting(d -> d.getClass().getSimpleName())
        .containsExactly("Doc", "DeadLetter", "Doc", "DeadLetter");
    assertThat(((DeadLetter) decoded.get(1)).originalText()).isEqualTo("]junk");
    assertThat(((DeadLetter) decoded.get(3)).originalText()).isEqualTo("{oops");
    assertThat(((DeadLetter) decoded.get(3)).reason()).startsWith("record 4 (line 4, column 2) is not valid JSON: Unexpected character ('o'");
  }

  @Test
  void recordOverMaxRecordBytesIsDeadLetteredAndSkipped() {
    DecodeLimits limits = new DecodeLimits(200, 10_000, 20, 50);
    String big = "{\"id\":\"big\"," + T + ",\"pad\":\"" + "x".repeat(300) + "\"}";
    String small = record(Shape.CADF, 3);
    for (String text : List.of(record(Shape.CADF, 1) + "\n" + big + "\n" + small + "\n",
        "[" + record(Shape.CADF, 1) + ",\n" + big + ",\n" + small + "]")) {
      for (int chunk : new int[] {1, 64, 100_000}) {
        List<Decoded> decoded = decode(member(utf8(text), 0), chunk, limits);
        assertThat(decoded).as("chunk %d of %s", chunk, text).hasSize(3);
        assertThat(decoded.get(1)).isInstanceOfSatisfying(DeadLetter.class, d -> {
          assertThat(d.reason()).contains("record 2 exceeds maxRecordBytes (limit 200 bytes)")
              .contains("text cut to 50 bytes by maxDeadLetterTextBytes 50");
          assertThat(d.originalText()).isEqualTo(big.substring(0, 50));
        });
        assertThat(decoded.get(2)).as("chunk %d of %s", chunk, text).isInstanceOf(Doc.class);
        assertThat(((Doc) decoded.get(2)).id()).isEqualTo("c-3");
      }
    }
  }

  @Test
  void stringOverMaxStringLengthIsNamed() {
    DecodeLimits limits = new DecodeLimits(100_000, 40, 20, 1000);
    String big = "{\"id\":\"big\",\"pad\":\"" + "y".repeat(41) + "\"}";
    List<Decoded> decoded = decode(utf8(record(Shape.CADF, 1) + "\n" + big + "\n" + record(Shape.CADF, 3)), 5, limits);
    assertThat(decoded).hasSize(3);
    assertThat(((DeadLetter) decoded.get(1)).reason()).contains("record 2").contains("exceeds maxStringLength (limit 40)")
        .contains("41");
    assertThat(((DeadLetter) decoded.get(1)).originalText()).isEqualTo(big);
  }

  @Test
  void nestingOverMaxNestingDepthIsNamedInEveryFraming() {
    DecodeLimits limits = new DecodeLimits(100_000, 1000, 3, 1000);
    String ok = "{\"id\":\"ok\"," + T + ",\"a\":{\"b\":[1]}}"; // depth 3
    String deep = "{\"a\":{\"b\":[[1]]}}"; // depth 4
    for (String text : List.of(ok + "\n" + deep + "\n" + ok, "[" + ok + ",\n" + deep + ",\n" + ok + "]")) {
      List<Decoded> decoded = decode(utf8(text), 3, limits);
      assertThat(decoded).as(text).hasSize(3);
      assertThat(decoded.get(0)).isInstanceOf(Doc.class);
      assertThat(((DeadLetter) decoded.get(1)).reason()).contains("record 2").contains("exceeds maxNestingDepth (limit 3)");
      assertThat(decoded.get(2)).isInstanceOf(Doc.class);
    }
  }

  @Test
  void deadLetterTextIsCutWithoutSplittingACharacter() {
    DecodeLimits limits = new DecodeLimits(100_000, 1000, 20, 10);
    List<Decoded> decoded = decode(utf8("{\"a\":\"東京東京\" bad}\n"), 1, limits);
    DeadLetter dead = (DeadLetter) decoded.get(0);
    assertThat(dead.originalText()).isEqualTo("{\"a\":\"東"); // 9 of the 10 bytes: the next character would be split
    assertThat(dead.reason()).contains("text cut to 10 bytes by maxDeadLetterTextBytes 10");
  }
}
