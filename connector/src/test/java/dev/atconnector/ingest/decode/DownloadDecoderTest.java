package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.concat;
import static dev.atconnector.ingest.decode.Bodies.decode;
import static dev.atconnector.ingest.decode.Bodies.decodeSplit;
import static dev.atconnector.ingest.decode.Bodies.gzip;
import static dev.atconnector.ingest.decode.Bodies.member;
import static dev.atconnector.ingest.decode.Bodies.summary;
import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadDecoderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String T = "\"eventTime\":\"2018-07-16T15:00+0000\"";
  private static final String R1 = "{\"id\":\"a\"," + T + ",\"m\":\"ü ñ\"}"; // 2-byte characters
  private static final String R2 = "{\"id\":\"b\"," + T + ",\"m\":\"東京 €\"}"; // 3-byte
  private static final String R3 = "{\"id\":\"c\"," + T + ",\"m\":\"🚀 𝄞\"}"; // 4-byte

  private static String original(Decoded d) {
    return Bodies.original(d);
  }

  /** Three NDJSON records in two gzip members, the member boundary falling inside R2's 3-byte character. */
  private static byte[] multiMemberBody() {
    byte[] text = utf8(R1 + "\n" + R2 + "\n" + R3 + "\n");
    int cut = (R1 + "\n{\"id\":\"b\"," + T + ",\"m\":\"").getBytes(StandardCharsets.UTF_8).length + 1;
    return concat(member(Arrays.copyOfRange(text, 0, cut), Bodies.ALL_FLAGS),
        member(Arrays.copyOfRange(text, cut, text.length), Bodies.FNAME));
  }

  @Test
  void decodesRecordsSplitAcrossGzipMembersAndMultiByteCharacters() {
    List<Decoded> decoded = decode(multiMemberBody(), 1 << 20);

    assertThat(decoded).hasSize(3).allMatch(d -> d instanceof Doc);
    assertThat(decoded).extracting(DownloadDecoderTest::original).containsExactly(R1, R2, R3);
    assertThat(decoded).extracting(d -> ((Doc) d).id()).containsExactly("a", "b", "c");
    assertThat(decoded).extracting(d -> d.position().recordNumber()).containsExactly(1L, 2L, 3L);
  }

  /** R1, R2, R3 in one member each; the last member's CRC32 is wrong (its text is intact: a corrupt file). */
  private static byte[] lastMemberCrcBroken() {
    byte[] last = member(utf8(R3 + "\n"), 0);
    last[last.length - 8] ^= 0x01;
    return concat(member(utf8(R1 + "\n"), 0), member(utf8(R2 + "\n"), 0), last);
  }

  @Test
  void recordsCountAsVerifiedOnlyOnceTheirMemberPassedItsCheck() {
    byte[] body = lastMemberCrcBroken();
    int firstTwo = member(utf8(R1 + "\n"), 0).length + member(utf8(R2 + "\n"), 0).length;
    try (DownloadDecoder decoder = Bodies.decoder()) {
      assertThat(decoder.feed(ByteBuffer.wrap(body, 0, firstTwo - 1))).hasSize(2);
      assertThat(decoder.verifiedRecords()).as("second member's trailer incomplete").isEqualTo(1);
      decoder.feed(ByteBuffer.wrap(body, firstTwo - 1, 1));
      assertThat(decoder.verifiedRecords()).isEqualTo(2);
      assertThat(decoder.feed(ByteBuffer.wrap(body, firstTwo, body.length - firstTwo - 8)))
          .as("R3 is passed on before its member's CRC32 can be checked").hasSize(1);
      assertThat(decoder.verifiedRecords()).isEqualTo(2);
      assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(body, body.length - 8, 8)))
          .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.damaged()).isTrue())
          .hasMessageContaining("CRC32 mismatch");
      assertThat(decoder.verifiedRecords()).as("R3 stays unverified").isEqualTo(2);
    }
  }

  @Test
  void aRecordSpanningTwoMembersIsVerifiedWithTheSecond() {
    byte[] body = multiMemberBody(); // R2 starts in member 1 and ends in member 2
    try (DownloadDecoder decoder = Bodies.decoder()) {
      decoder.feed(ByteBuffer.wrap(body, 0, body.length - 8));
      assertThat(decoder.verifiedRecords()).as("only R1 lies wholly in the verified first member").isEqualTo(1);
      decoder.feed(ByteBuffer.wrap(body, body.length - 8, 8));
      decoder.finish();
      assertThat(decoder.verifiedRecords()).isEqualTo(3);
    }
  }

  @Test
  void aBodyThatEndsEarlyIsTruncatedNotDamagedAndAPlainBodyNeedsNoCheck() {
    byte[] body = lastMemberCrcBroken();
    try (DownloadDecoder decoder = Bodies.decoder()) {
      decoder.feed(ByteBuffer.wrap(body, 0, body.length - 3));
      assertThatThrownBy(decoder::finish)
          .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.damaged()).isFalse())
          .hasMessageContaining("truncated");
    }
    try (DownloadDecoder decoder = Bodies.decoder()) {
      assertThat(decoder.feed(ByteBuffer.wrap(utf8(R1 + "\n" + R2 + "\n")))).hasSize(2);
      assertThat(decoder.verifiedRecords()).isEqualTo(2);
    }
  }

  @Test
  void everySplitPointAndOneByteChunksGiveTheSameResult() {
    byte[] body = multiMemberBody();
    List<String> expected = summary(decode(body, body.length));
    assertThat(expected).hasSize(3);

    assertThat(summary(decode(body, 1))).isEqualTo(expected);
    for (int at = 0; at <= body.length; at++) {
      assertThat(summary(decodeSplit(body, at))).as("split at %d", at).isEqualTo(expected);
    }
  }

  @Test
  void everySplitPointOfTheDecodedTextGivesTheSameResult() {
    // uncompressed body, so each split point is a split of the JSON text itself (inside tokens and characters)
    byte[] body = utf8(R1 + "\n" + R2 + R3 + "  \r\n\n" + R1);
    List<String> expected = summary(decode(body, body.length));
    assertThat(expected).hasSize(4);
    for (int at = 0; at <= body.length; at++) {
      assertThat(summary(decodeSplit(body, at))).as("split at %d", at).isEqualTo(expected);
    }
  }

  /**
   * Jackson's non-blocking parser accepts a trailing comma in an object when its input ends right after the comma
   * (the fuzz test's seed 7188805358241231458 found it with one-byte chunks); the framer refuses it at every split.
   */
  @Test
  void aTrailingCommaIsADeadLetterAtEverySplitPoint() {
    String bad = "{\"id\":\"x\"," + T + ", }";
    byte[] body = utf8(R1 + "\n" + bad + "\n" + R2 + "\n");
    for (int at = 0; at <= body.length; at++) {
      List<Decoded> decoded = decodeSplit(body, at);
      assertThat(decoded.get(1)).as("split at %d", at).isInstanceOfSatisfying(DeadLetter.class,
          d -> assertThat(d.reason()).contains("record 2 (line 2, column 48) is not valid JSON")
              .contains("was expecting double-quote to start field name"));
      assertThat(decoded).as("split at %d", at).hasSize(3);

      assertThat(decoded).extracting(DownloadDecoderTest::original).as("split at %d", at)
          .containsExactly(R1, bad, R2);
    }
    assertThat(decode(body, 1)).extracting(d -> d instanceof DeadLetter).containsExactly(false, true, false);
  }

  @Test
  void truncatedGzipAtEveryCutPointIsAnError() {
    byte[] body = multiMemberBody();
    for (int cut = 0; cut < body.length; cut++) {
      byte[] prefix = Arrays.copyOf(body, cut);
      int at = cut;
      assertThatThrownBy(() -> decode(prefix, 3))
          .as("cut at %d", at)
          .isInstanceOf(DecodeException.class)
          .hasMessageMatching(cut == 0 ? "empty download body" : "(?s)download truncated: .*");
    }
  }

  @Test
  void jsonEndingMidRecordIsTruncationNotADeadLetter() {
    assertThatThrownBy(() -> decode(gzip(utf8(R1 + "\n{\"id\":\"b\",")), 4))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("download truncated: the JSON ended inside record 2 (line 2)");
    assertThatThrownBy(() -> decode(gzip(utf8(R1 + "\ntru")), 4))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("download truncated: the JSON ended mid-value after record 1");
    assertThatThrownBy(() -> decode(gzip(utf8("[" + R1 + ",\n" + R2)), 4))
        .hasMessageContaining("download truncated: the top-level JSON array was not closed");
  }

  @Test
  void corruptCrcFailsTheDownload() {
    byte[] body = multiMemberBody();
    body[body.length - 7] ^= 1;
    assertThatThrownBy(() -> decode(body, 10))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("gzip member 2 CRC32 mismatch");
  }

  @Test
  void plainJsonBodyIsDecodedToo() {
    assertThat(decode(utf8("\n[" + R1 + "," + R2 + "]\n"), 2))
        .extracting(DownloadDecoderTest::original).containsExactly(R1, R2);
  }

  @Test
  void emptyBodyIsAnError() {
    DownloadDecoder decoder = Bodies.decoder();
    assertThat(decoder.feed(ByteBuffer.allocate(0))).isEmpty();
    assertThatThrownBy(decoder::finish).isInstanceOf(DecodeException.class).hasMessage("empty download body");
  }

  @Test
  void emptyGzipMemberIsAnEmptyDownload() {
    assertThat(decode(gzip(new byte[0]), 1)).isEmpty();
    assertThat(decode(gzip(utf8(" \n[ ]\n")), 1)).isEmpty();
  }

  @Test
  void countsRecordsAndCompressedBytes() {
    byte[] body = multiMemberBody();
    DownloadDecoder decoder = Bodies.decoder();
    decoder.feed(ByteBuffer.wrap(body));
    decoder.finish();
    assertThat(decoder.records()).isEqualTo(3);
    assertThat(decoder.compressedBytes()).isEqualTo(body.length);
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(body))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nonObjectRecordsGoToTheNormalisersDeadLetter() {
    List<Decoded> decoded = decode(gzip(utf8("[1, \"x\" ," + R1 + ", [2] ,null]")), 1);
    assertThat(decoded).hasSize(5);
    assertThat(decoded.get(0)).isInstanceOfSatisfying(DeadLetter.class, d -> {
      assertThat(d.stage()).isEqualTo("normalise");
      assertThat(d.originalText()).isEqualTo("1");
      assertThat(d.reason()).contains("record 1").contains("not a JSON object (it is a number)");
    });
    assertThat(((DeadLetter) decoded.get(1)).originalText()).isEqualTo("\"x\"");
    assertThat(original(decoded.get(2))).isEqualTo(R1);
    assertThat(((DeadLetter) decoded.get(3)).originalText()).isEqualTo("[2]");
    assertThat(((DeadLetter) decoded.get(4)).reason()).contains("record 5").contains("it is null");
  }

  @Test
  void treesAreThoseADefaultObjectMapperReads() throws Exception {
    String record = "{\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"f\":1.5e3,\"d\":0.1,"
        + "\"n\":-0.0,\"z\":[true,false,null,{},[]],\"s\":\"\\u00e9\\n\\\"\",\"dup\":1,\"dup\":2,\"x\":{\"y\":{}}}";
    Doc doc = (Doc) decode(gzip(utf8("{\"eventTime\":\"2018-07-16T15:00+0000\",\"r\":" + record + "}")), 1).get(0);
    String expected = EventIdentity.sha256Hex(EventIdentity.canonicalJson(MAPPER.readTree(original(doc))));

    assertThat(doc.id()).isEqualTo(expected);
    assertThat(MAPPER.readTree(doc.source()).at("/ibmcloud/activity_tracker/r")).isEqualTo(MAPPER.readTree(record));
  }
}
