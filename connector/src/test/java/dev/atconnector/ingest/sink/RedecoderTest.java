package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedecoderTest {
  static final Position AT = new Position("s-1", 42);
  static final String EVENT = "{\"event_uuid\":\"u-1\",\"eventTime\":\"2018-07-15T10:00:00.00+0000\",\"n\":1}";
  static final java.time.Clock CLOCK =
      java.time.Clock.fixed(java.time.Instant.parse("2024-05-06T07:08:09Z"), java.time.ZoneOffset.UTC);
  final Normalizer normalizer = new Normalizer("p-", false, CLOCK);
  final Redecoder redecoder = new Redecoder(normalizer, DecodeLimits.DEFAULTS);

  @Test
  void aGoodOriginalBecomesTheSameDocumentTheIngestWouldWriteAtItsOriginalPosition() throws Exception {
    Decoded d = redecoder.decode(AT, EVENT);

    assertThat(d).isInstanceOf(Doc.class);
    Doc doc = (Doc) d;
    assertThat(doc.id()).isEqualTo("u-1");
    assertThat(doc.index()).isEqualTo("p-2018.07");
    assertThat(doc.position()).isEqualTo(AT);
    byte[] direct = ((Doc) normalizer.normalize(AT, EVENT.getBytes(StandardCharsets.UTF_8),
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(EVENT))).source();
    assertThat(doc.source()).isEqualTo(direct);
  }

  @Test
  void textThatIsStillNotOneJsonRecordStaysADecodeDeadLetter() {
    for (String bad : new String[] {"{\"a\":", "{\"a\":1} {\"b\":2}", "", "not json"}) {
      Decoded d = redecoder.decode(AT, bad);
      assertThat(d).as(bad).isInstanceOf(DeadLetter.class);
      assertThat(((DeadLetter) d).stage()).isEqualTo("decode");
      assertThat(((DeadLetter) d).reason()).startsWith("session s-1 record 42: ");
      assertThat(((DeadLetter) d).originalText()).isEqualTo(bad);
    }
  }

  @Test
  void anEventWithoutATimeStaysANormaliseDeadLetter() {
    Decoded d = redecoder.decode(AT, "{\"id\":\"x\"}");
    assertThat(d).isInstanceOf(DeadLetter.class);
    assertThat(((DeadLetter) d).stage()).isEqualTo("normalise");
    assertThat(((DeadLetter) d).reason()).contains("no usable event time");
  }

  @Test
  void aRecordOverTheSizeLimitStaysADeadLetterNamingTheLimit() {
    Redecoder small = new Redecoder(new Normalizer("p-"), new DecodeLimits(16, 1024, 8, 1024));
    Decoded d = small.decode(AT, EVENT);
    assertThat(((DeadLetter) d).reason()).contains("over the limit of 16 bytes");
  }
}
