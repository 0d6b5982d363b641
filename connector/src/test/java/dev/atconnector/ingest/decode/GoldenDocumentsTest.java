package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.GzipChunks;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden documents: every output of the decoder (each document's _id, index, source bytes and checksum, each dead
 * letter) for a fixed simulator day, hashed, must equal the hash taken before the decoder's speed work (issue 13).
 * Changes to how the bytes are produced must not change one byte of them. A change that is meant to change the
 * document (docs/fields.md) updates these hashes in the same commit, saying why: the failure prints the new hash.
 */
class GoldenDocumentsTest {
  private static final int EVENTS = 3_000;

  @ParameterizedTest
  @CsvSource({
      "NDJSON, CADF, c0f444d7/898a4d27",
      "NDJSON, STORED, a0a2a2b5/99f6e6ee",
      "NDJSON, ENVELOPE, 0c94add3/69e256e6",
      "ARRAY, CADF, 146f3cd0/efb93852",
      "CONCATENATED, ENVELOPE, 208d75da/06bb9634",
  })
  void theDecoderWritesTheSameBytesAsBefore(Framing framing, RecordShape shape, String expected) throws Exception {
    String hash = hash(framing, shape, true) + "/" + hash(framing, shape, false);
    assertThat(hash).as("outputs of %s %s, preserve original on/off", framing, shape).isEqualTo(expected);
  }

  private static String hash(Framing framing, RecordShape shape, boolean preserve) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Normalizer normalizer = new Normalizer("at-", preserve, Bodies.CLOCK);
    long docs = 0;
    try (EventCatalog catalog = new EventCatalog(5, EVENTS);
        GzipChunks chunks = new GzipChunks(catalog, new DownloadSpec(new Scope("golden", false),
            LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 5), OptionalInt.empty(), framing, shape, false, 97,
            false), 7 * 1024, 1);
        DownloadDecoder decoder = new DownloadDecoder("s-1", DecodeLimits.DEFAULTS, normalizer)) {
      for (byte[] c = chunks.next(); c != null; c = chunks.next()) {
        for (Decoded d : decoder.feed(ByteBuffer.wrap(c))) {
          docs += digest(sha, d);
        }
      }
      for (Decoded d : decoder.finish()) {
        docs += digest(sha, d);
      }
    }
    assertThat(docs).as("documents of %s %s", framing, shape).isGreaterThan(EVENTS / 2);
    return HexFormat.of().formatHex(sha.digest(), 0, 4);
  }

  private static int digest(MessageDigest sha, Decoded d) {
    if (d instanceof Doc doc) {
      sha.update((doc.id() + "\n" + doc.index() + "\n" + doc.position() + "\n" + doc.checksum() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      sha.update(doc.source());
      sha.update((byte) '\n');
      return 1;
    }
    DeadLetter dead = (DeadLetter) d;
    sha.update((dead + "\n").getBytes(StandardCharsets.UTF_8));
    return 0;
  }
}
