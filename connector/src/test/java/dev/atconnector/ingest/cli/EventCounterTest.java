package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.GzipChunks;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCounterTest {
  private static final LocalDate DAY = LocalDate.of(2019, 6, 1);

  private static byte[] download(EventCatalog catalog, DownloadSpec spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipChunks chunks = new GzipChunks(catalog, spec, 4096, 1)) {
      for (byte[] c = chunks.next(); c != null; c = chunks.next()) {
        out.write(c, 0, c.length);
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void countsEveryRecordWithoutTouchingTheBytes(Framing framing) {
    EventCatalog catalog = new EventCatalog(5, 300);
    DownloadSpec spec = new DownloadSpec(new Scope("s", false), DAY, DAY.plusDays(1), OptionalInt.empty(), framing,
        RecordShape.STORED, true, 0, false);
    byte[] body = download(catalog, spec);
    long counted;
    try (EventCounter counter = new EventCounter("session")) {
      for (int off = 0; off < body.length; off += 1000) {
        ByteBuffer view = ByteBuffer.wrap(body, off, Math.min(1000, body.length - off));
        int before = view.position();
        counter.feed(view.duplicate());
        assertThat(view.position()).isEqualTo(before);
      }
      counted = counter.events();
    }
    assertThat(counted).isEqualTo(catalog.expected(spec).count());
  }

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = "NDJSON")
  void aCorruptBodyStopsTheCountNotTheCaller(Framing framing) {
    // (the simulator corrupts bytes at offset 64 KiB of the compressed body)
    EventCatalog catalog = new EventCatalog(5, 3000);
    DownloadSpec spec = new DownloadSpec(new Scope("s", false), DAY, DAY, OptionalInt.empty(), framing,
        RecordShape.STORED, false, 0, true);
    byte[] body = download(catalog, spec);
    try (EventCounter counter = new EventCounter("session")) {
      long last = 0;
      for (int off = 0; off < body.length; off += 4096) {
        last = counter.feed(ByteBuffer.wrap(body, off, Math.min(4096, body.length - off)));
      }
      // a corrupt deflate stream may still inflate to something until the member's CRC check: what matters is
      // that the count stops there and nothing escapes to the download
      assertThat(counter.stopped()).isTrue();
      assertThat(counter.events()).isEqualTo(last);
    }
  }
}
