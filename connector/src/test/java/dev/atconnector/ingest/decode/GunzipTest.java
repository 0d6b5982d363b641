package dev.atconnector.ingest.decode;

import static dev.atconnector.ingest.decode.Bodies.ALL_FLAGS;
import static dev.atconnector.ingest.decode.Bodies.FCOMMENT;
import static dev.atconnector.ingest.decode.Bodies.FEXTRA;
import static dev.atconnector.ingest.decode.Bodies.FHCRC;
import static dev.atconnector.ingest.decode.Bodies.FNAME;
import static dev.atconnector.ingest.decode.Bodies.concat;
import static dev.atconnector.ingest.decode.Bodies.member;
import static dev.atconnector.ingest.decode.Bodies.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GunzipTest {
  private static final byte[] TEXT = utf8("{\"a\":\"ü 東京 🚀\"}\n".repeat(40));

  /** Gunzips {@code body} fed {@code chunk} bytes at a time, reading into a small buffer, then finishes. */
  private static byte[] gunzip(byte[] body, int chunk, int outSize) {
    Gunzip gunzip = new Gunzip();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[outSize];
    for (int i = 0; i < body.length; i += chunk) {
      gunzip.setInput(ByteBuffer.wrap(body, i, Math.min(chunk, body.length - i)));
      int n;
      while ((n = gunzip.read(buf, 0, buf.length)) > 0) {
        out.write(buf, 0, n);
      }
    }
    gunzip.finish();
    return out.toByteArray();
  }

  @Test
  void everyHeaderFlagAndSeveralMembersFedOneByteAtATime() {
    byte[] body = concat(member(TEXT, ALL_FLAGS), member(TEXT, FNAME), member(new byte[0], FEXTRA | FHCRC),
        member(TEXT, FCOMMENT), member(TEXT, 0));
    byte[] expected = concat(TEXT, TEXT, TEXT, TEXT);

    assertThat(gunzip(body, 1, 7)).isEqualTo(expected);
    assertThat(gunzip(body, body.length, 64 * 1024)).isEqualTo(expected);
    assertThat(gunzip(body, 13, 1)).isEqualTo(expected);
  }

  @Test
  void everySplitPointOfATwoMemberBodyGivesTheSameBytes() {
    byte[] body = concat(member(TEXT, ALL_FLAGS), member(TEXT, FNAME));
    for (int at = 0; at <= body.length; at++) {
      Gunzip gunzip = new Gunzip();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[100];
      for (ByteBuffer part : new ByteBuffer[] {ByteBuffer.wrap(body, 0, at), ByteBuffer.wrap(body, at, body.length - at)}) {
        gunzip.setInput(part);
        int n;
        while ((n = gunzip.read(buf, 0, buf.length)) > 0) {
          out.write(buf, 0, n);
        }
      }
      gunzip.finish();
      assertThat(out.toByteArray()).as("split at %d", at).isEqualTo(concat(TEXT, TEXT));
    }
  }

  @Test
  void truncationAtEveryCutPointIsAnErrorNeverASilentEnd() {
    byte[] first = member(TEXT, ALL_FLAGS);
    byte[] body = concat(first, member(TEXT, 0));
    for (int cut = 1; cut < body.length; cut++) {
      if (cut == first.length) {
        continue; // a cut exactly between members leaves a complete gzip file
      }
      byte[] prefix = Arrays.copyOf(body, cut);
      assertThatThrownBy(() -> gunzip(prefix, 5, 64))
          .as("cut at %d", cut)
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("download truncated")
          .hasMessageContaining("gzip member " + (cut < first.length ? 1 : 2))
          .hasMessageContaining("after " + cut + " compressed bytes");
    }
  }

  @Test
  void crcMismatchNamesTheMemberAndOffset() {
    byte[] body = concat(member(TEXT, 0), member(TEXT, 0));
    body[body.length - 6] ^= 0x55; // inside the second member's CRC32
    assertThatThrownBy(() -> gunzip(body, 1000, 100))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("gzip member 2 CRC32 mismatch")
        .satisfies(e -> assertThat(((DecodeException) e).compressedOffset()).isEqualTo(body.length - 8));
  }

  @Test
  void sizeMismatchIsAnError() {
    byte[] body = member(TEXT, 0);
    body[body.length - 3] ^= 1;
    assertThatThrownBy(() -> gunzip(body, 1000, 100)).hasMessageContaining("size mismatch");
  }

  @Test
  void headerCrcMismatchIsAnError() {
    byte[] body = member(TEXT, FHCRC | FNAME);
    int crcAt = 10 + "events-2018-07-16.json".length() + 1;
    body[crcAt] ^= 1;
    assertThatThrownBy(() -> gunzip(body, 3, 100)).hasMessageContaining("header CRC16 mismatch");
  }

  @Test
  void garbageAfterAMemberIsNotSilentlyIgnored() {
    byte[] body = concat(member(TEXT, 0), utf8("garbage"));
    assertThatThrownBy(() -> gunzip(body, 4, 100))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("bad gzip magic byte 0x67")
        .hasMessageContaining("gzip member 2");
  }

  @Test
  void corruptDeflateDataIsAnError() {
    byte[] body = member(new byte[5000], 0);
    Random random = new Random(7);
    for (int i = 12; i < body.length - 8; i++) {
      body[i] = (byte) random.nextInt();
    }
    assertThatThrownBy(() -> gunzip(body, 64, 100))
        .isInstanceOf(DecodeException.class)
        .hasMessageMatching("(?s).*(corrupt gzip data in member 1|CRC32 mismatch|size mismatch|truncated).*");
  }

  @Test
  void plainJsonPassesThroughWithItsLeadingWhitespace() {
    byte[] body = utf8("\n  [{\"a\":1}]\n");
    assertThat(gunzip(body, 1, 3)).isEqualTo(body);
  }

  @Test
  void emptyBodyIsAnError() {
    assertThatThrownBy(() -> gunzip(new byte[0], 1, 10))
        .isInstanceOf(DecodeException.class)
        .hasMessage("empty download body");
  }

  @Test
  void bodyThatIsNeitherGzipNorJsonIsAnError() {
    assertThatThrownBy(() -> gunzip(utf8("  <html>"), 1, 10))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("neither gzip (magic 1f 8b) nor JSON: byte 0x3c at offset 2");
    assertThatThrownBy(() -> gunzip(utf8(" \n "), 1, 10)).hasMessageContaining("only whitespace");
  }
}
