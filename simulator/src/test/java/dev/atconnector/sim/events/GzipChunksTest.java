package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GzipChunksTest {
  private final EventCatalog catalog = new EventCatalog(11, 2000);

  @ParameterizedTest
  @EnumSource(Framing.class)
  void everyFramingParsesBackToTheExpectedEvents(Framing framing) throws Exception {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY.plusDays(1), framing, RecordShape.STORED);

    byte[] body = Bodies.body(catalog, spec);
    List<JsonNode> records = Bodies.parse(body);

    ExpectedEvents expected = catalog.expected(spec);
    assertThat(records).hasSize((int) expected.count());
    assertThat(records.stream().map(r -> r.get("event_uuid").asText()).sorted().toList()).isEqualTo(expected.ids());
    String text = new String(body, StandardCharsets.UTF_8);
    if (framing == Framing.ARRAY) {
      assertThat(text).startsWith("[\n{").endsWith("}\n]\n").contains("},\n{");
    } else if (framing == Framing.NDJSON) {
      assertThat(text.split("\n")).hasSize(records.size());
    } else {
      assertThat(text).contains("}{", "} {", "}\r\n{", "}\t{", "}\n{");
    }
  }

  @Test
  void idsFollowTheIdentityRuleAreDistinctAndDoNotDependOnFramingOrMembers() throws Exception {
    for (RecordShape shape : RecordShape.values()) {
      for (Scope scope : List.of(SPACE, Fixtures.ACCOUNT)) {
        DownloadSpec spec = Fixtures.spec(scope, DAY, DAY.plusDays(2), Framing.NDJSON, shape);
        ExpectedEvents expected = catalog.expected(spec);
        List<String> ids = new ArrayList<>();
        for (byte[] line : Bodies.parseResync(Bodies.body(catalog, spec)).records) {
          ids.add(Fixtures.idOf(line));
        }
        ids.sort(null);

        assertThat(ids).as("%s %s", shape, scope).isEqualTo(expected.ids());
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(expected.count()).isEqualTo(ids.size()).isGreaterThan(4500);
        assertThat(expected.digest()).isEqualTo(CanonicalJson.sha256Hex(
            String.join("\n", ids).getBytes(StandardCharsets.UTF_8)));
        for (Framing framing : Framing.values()) {
          assertThat(catalog.expected(Fixtures.with(spec, framing, true, 0, false)).digest())
              .isEqualTo(expected.digest());
        }
      }
    }
  }

  @Test
  void cadfRecordsWithoutIdAreIdentifiedByTheirContentHash() throws Exception {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.ENVELOPE);
    long hashed = 0;
    for (byte[] record : Bodies.parseResync(Bodies.body(catalog, spec)).records) {
      JsonNode node = Bodies.MAPPER.readTree(record);
      if (!node.get("payload").has("id")) {
        hashed++;
        assertThat(catalog.expected(spec).ids()).contains(CanonicalJson.sha256Hex(record, 0, record.length));
        break;
      }
    }
    assertThat(hashed).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void malformedRecordsAreExtraAndAReaderCanResyncAtNewlines(Framing framing) throws Exception {
    DownloadSpec clean = Fixtures.spec(SPACE, DAY, DAY.plusDays(1), framing, RecordShape.CADF);
    DownloadSpec faulty = Fixtures.with(clean, framing, true, 100, false);

    ExpectedEvents expected = catalog.expected(faulty);
    Bodies.Decoded decoded = Bodies.parseResync(Bodies.body(catalog, faulty));

    assertThat(expected.malformed()).isEqualTo((expected.count() - 1) / 100).isPositive();
    assertThat(decoded.malformed).hasSize((int) expected.malformed());
    assertThat(decoded.malformed).allSatisfy(m -> assertThat(m).doesNotContain("\n"));
    List<String> ids = new ArrayList<>();
    for (byte[] record : decoded.records) {
      ids.add(Fixtures.idOf(record));
    }
    ids.sort(null);
    assertThat(ids).isEqualTo(expected.ids()).isEqualTo(catalog.expected(clean).ids());
    assertThatThrownBy(() -> Bodies.parse(Bodies.body(catalog, faulty))).isInstanceOf(IOException.class);
  }

  @Test
  void recordsWrittenCountsGoodAndMalformedRecords() {
    DownloadSpec spec = Fixtures.with(Fixtures.day(RecordShape.CADF), Framing.NDJSON, false, 10, false);
    ExpectedEvents expected = catalog.expected(spec);
    try (GzipChunks chunks = new GzipChunks(catalog, spec, 4096, 6)) {
      while (chunks.next() != null) {
        assertThat(chunks.recordsWritten()).isLessThanOrEqualTo(expected.count() + expected.malformed());
      }
      assertThat(chunks.recordsWritten()).isEqualTo(expected.count() + expected.malformed());
      assertThat(chunks.next()).isNull();
    }
  }

  @Test
  void corruptGzipMakesGunzipFail() {
    DownloadSpec spec = Fixtures.with(Fixtures.day(RecordShape.STORED), Framing.NDJSON, false, 0, true);
    byte[] good = Bodies.gzip(catalog, Fixtures.day(RecordShape.STORED), 8192);
    byte[] bad = Bodies.gzip(catalog, spec, 8192);

    assertThat(good.length).isGreaterThan((int) GzipChunks.CORRUPT_OFFSET + 100);
    assertThat(bad).hasSameSizeAs(good);
    int differing = 0;
    for (int i = 0; i < good.length; i++) {
      if (good[i] != bad[i]) {
        differing++;
        assertThat(i).isBetween((int) GzipChunks.CORRUPT_OFFSET, (int) GzipChunks.CORRUPT_OFFSET + 15);
      }
    }
    assertThat(differing).isEqualTo(GzipChunks.CORRUPT_LENGTH);
    assertThatThrownBy(() -> Bodies.gunzip(bad)).isInstanceOf(ZipException.class);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void garbledBodiesInflateToAlteredTextAndOnlyTheCrcFails(boolean parallel) throws Exception {
    DownloadSpec spec = Fixtures.day(RecordShape.CADF);
    byte[] good = gzip(spec, parallel);
    byte[] bad = gzip(spec.garbled(), parallel);

    String text = new String(Bodies.gunzip(good), StandardCharsets.UTF_8);
    String garbled = new String(inflateIgnoringTrailer(bad), StandardCharsets.UTF_8);
    assertThat(text).contains("\"success\"");
    assertThat(garbled).isEqualTo(text.replace("success", "SUCCESS")).doesNotContain("success");
    assertThat(Bodies.parse(garbled.getBytes(StandardCharsets.UTF_8))).as("every record still parses")
        .hasSize((int) catalog.expected(spec).count());
    assertThatThrownBy(() -> Bodies.gunzip(bad)).isInstanceOf(ZipException.class).hasMessageContaining("trailer");
    assertThat(catalog.expected(spec.garbled()).ids()).as("expected() is the true content")
        .isEqualTo(catalog.expected(spec).ids());
  }

  private byte[] gzip(DownloadSpec spec, boolean parallel) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (GzipChunks chunks = new GzipChunks(catalog, spec, 8192, 1, parallel)) {
      for (byte[] chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
        out.write(chunk, 0, chunk.length);
      }
    }
    return out.toByteArray();
  }

  /** Inflates a single-member body's deflate data (after the 10-byte header) without looking at its trailer. */
  private static byte[] inflateIgnoringTrailer(byte[] gz) throws java.util.zip.DataFormatException {
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    try {
      inflater.setInput(gz, 10, gz.length - 10);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  @Test
  void corruptGzipOfATinyBodyBreaksItsCrc() {
    DownloadSpec spec = Fixtures.with(Fixtures.withHour(Fixtures.day(RecordShape.CADF), 3), Framing.NDJSON, true, 0,
        true);
    byte[] bad = Bodies.gzip(catalog, spec, 1024);

    assertThat(bad.length).isLessThan((int) GzipChunks.CORRUPT_OFFSET);
    assertThatThrownBy(() -> Bodies.gunzip(bad)).isInstanceOf(ZipException.class).hasMessageContaining("trailer");
  }

  @Test
  void multiMemberBodiesHaveOneMemberPerDay() throws Exception {
    DownloadSpec spec = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(2), Framing.ARRAY, RecordShape.CADF),
        Framing.ARRAY, true, 0, false);
    byte[] gz = Bodies.gzip(catalog, spec, 3000);

    assertThat(Bodies.members(gz)).isEqualTo(3);
    byte[] single = Bodies.gzip(catalog, Fixtures.with(spec, Framing.ARRAY, false, 0, false), 3000);
    assertThat(Bodies.members(single)).isEqualTo(1);
    assertThat(Bodies.parse(Bodies.gunzip(gz))).hasSize((int) catalog.expected(spec).count());
  }

  @Test
  void emptyDownloadsAreStillValidGzip() throws Exception {
    EventCatalog empty = new EventCatalog(1, 0);
    for (Framing framing : Framing.values()) {
      for (boolean multi : new boolean[] {false, true}) {
        DownloadSpec spec = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), framing, RecordShape.STORED),
            framing, multi, 3, false);
        byte[] gz = Bodies.gzip(empty, spec, 64);

        String body = new String(Bodies.gunzip(gz), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(framing == Framing.ARRAY ? "[]\n" : "");
        assertThat(Bodies.members(gz)).isEqualTo(multi ? 2 : 1);
        assertThat(empty.expected(spec)).isEqualTo(new ExpectedEvents(0, List.of(),
            CanonicalJson.sha256Hex(new byte[0]), 0));
      }
    }
  }

  @Test
  void chunksNeverExceedTheLimitAndTheDeflaterCanBeClosedEarly() {
    DownloadSpec spec = Fixtures.day(RecordShape.ENVELOPE);
    GzipChunks chunks = new GzipChunks(catalog, spec, 100, 1);
    Set<Integer> sizes = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      sizes.add(chunks.next().length);
    }
    chunks.close();
    chunks.close();

    assertThat(sizes).containsExactly(100);
    assertThat(chunks.next()).isNull();
    assertThatThrownBy(() -> new GzipChunks(catalog, spec, 0, 1)).hasMessageContaining("chunkSize");
    assertThatThrownBy(() -> new GzipChunks(catalog, spec, 10, 10)).hasMessageContaining("level");
  }
}
