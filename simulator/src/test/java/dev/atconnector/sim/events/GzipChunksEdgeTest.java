package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunk-boundary, interleaving and layout details of {@link GzipChunks} and the framings. */
class GzipChunksEdgeTest {
  private final EventCatalog catalog = new EventCatalog(5, 1500);

  @Test
  void chunkSizeDoesNotChangeTheBytes() {
    DownloadSpec spec = Fixtures.with(Fixtures.withHour(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.ARRAY,
        RecordShape.STORED), 11), Framing.ARRAY, true, 7, false);

    byte[] oneByteChunks = Bodies.gzip(catalog, spec, 1);
    byte[] bigChunks = Bodies.gzip(catalog, spec, 1 << 20);

    assertThat(oneByteChunks).isEqualTo(bigChunks);
  }

  @Test
  void interleavedDownloadsOfOneCatalogDoNotDisturbEachOther() {
    DownloadSpec a = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.ENVELOPE);
    DownloadSpec b = Fixtures.spec(Fixtures.ACCOUNT, DAY, DAY, Framing.CONCATENATED, RecordShape.STORED);
    ByteArrayOutputStream outA = new ByteArrayOutputStream();
    ByteArrayOutputStream outB = new ByteArrayOutputStream();
    try (GzipChunks chunksA = new GzipChunks(catalog, a, 1000, 1);
        GzipChunks chunksB = new GzipChunks(catalog, b, 1700, 1)) {
      byte[] chunkA = chunksA.next();
      byte[] chunkB = chunksB.next();
      while (chunkA != null || chunkB != null) {
        if (chunkA != null) {
          outA.write(chunkA, 0, chunkA.length);
          chunkA = chunksA.next();
        }
        if (chunkB != null) {
          outB.write(chunkB, 0, chunkB.length);
          chunkB = chunksB.next();
        }
      }
    }

    assertThat(outA.toByteArray()).isEqualTo(Bodies.gzip(catalog, a, 4096));
    assertThat(outB.toByteArray()).isEqualTo(Bodies.gzip(catalog, b, 4096));
  }

  @Test
  void malformedArrayElementsSitOnTheirOwnLineFollowedByCommaNewline() {
    DownloadSpec spec = Fixtures.with(Fixtures.day(RecordShape.CADF), Framing.ARRAY, false, 50, false);
    List<String> lines = Arrays.asList(new String(Bodies.body(catalog, spec), StandardCharsets.UTF_8).split("\n"));

    List<String> bad = lines.stream().filter(l -> l.contains("\"malformed\"") || l.startsWith("garbage")).toList();

    assertThat(bad).hasSize((int) catalog.expected(spec).malformed()).isNotEmpty();
    assertThat(bad).allSatisfy(l -> assertThat(l).endsWith(","));
    assertThat(lines.get(0)).isEqualTo("[");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("]");
  }

  @Test
  void malformedRecordsInConcatenatedBodiesAreAloneOnTheirLine() {
    DownloadSpec spec = Fixtures.with(Fixtures.day(RecordShape.STORED), Framing.CONCATENATED, false, 20, false);
    String body = new String(Bodies.body(catalog, spec), StandardCharsets.UTF_8);

    long bad = Arrays.stream(body.split("\n")).filter(l -> l.contains("\"malformed\"") || l.startsWith("garbage"))
        .peek(l -> assertThat(l).doesNotContain("\"event_uuid\""))
        .count();

    assertThat(bad).isEqualTo(catalog.expected(spec).malformed()).isPositive();
  }

  @Test
  void anHourFilteredMultiMemberDownloadStillHasOneMemberPerDay() throws Exception {
    DownloadSpec spec = Fixtures.with(Fixtures.withHour(Fixtures.spec(SPACE, DAY, DAY.plusDays(3), Framing.NDJSON,
        RecordShape.CADF), 0), Framing.NDJSON, true, 0, false);

    byte[] gz = Bodies.gzip(catalog, spec, 512);

    assertThat(Bodies.members(gz)).isEqualTo(4);
    assertThat(Bodies.parse(Bodies.gunzip(gz))).hasSize((int) catalog.expected(spec).count());
  }
}
