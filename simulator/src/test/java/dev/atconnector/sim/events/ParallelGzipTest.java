package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ParallelGzip} against the serial reference {@link SerialGzip}: same bodies, same layout, same faults. */
class ParallelGzipTest {
  private static final DeflatePool POOL = new DeflatePool(2);
  private static final CountDownLatch RELEASE_BLOCKER = new CountDownLatch(1);

  private final EventCatalog catalog = new EventCatalog(23, 700);

  @AfterAll
  static void releaseBlockedPoolThreads() {
    RELEASE_BLOCKER.countDown();
  }

  static Stream<Arguments> layouts() {
    List<Arguments> all = new ArrayList<>();
    for (Framing framing : Framing.values()) {
      for (RecordShape shape : RecordShape.values()) {
        for (boolean multi : new boolean[] {false, true}) {
          all.add(Arguments.of(framing, shape, multi, shape == RecordShape.CADF ? 40 : 0));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1} multiMember={2} malformedEvery={3}")
  @MethodSource("layouts")
  void decompressesToTheSerialBodyWithTheSameMembers(Framing framing, RecordShape shape, boolean multi, int malformed)
      throws Exception {
    DownloadSpec spec = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(2), framing, shape), framing, multi,
        malformed, false);

    byte[] serial = serial(spec);
    byte[] parallel = parallel(spec, POOL, ParallelGzip.BLOCK_BYTES, 32 * 1024);

    byte[] body = Bodies.gunzip(parallel);
    assertThat(body.length).as("several blocks").isGreaterThan(4 * ParallelGzip.BLOCK_BYTES);
    assertThat(body).isEqualTo(Bodies.gunzip(serial));
    assertThat(Bodies.members(parallel)).isEqualTo(Bodies.members(serial)).isEqualTo(multi ? 3 : 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 97, 4096})
  void tinyBlocksPutBoundariesEverywhereAndStillGiveTheSameBody(int blockBytes) throws Exception {
    for (boolean multi : new boolean[] {false, true}) {
      DownloadSpec spec = Fixtures.with(Fixtures.withHour(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.ARRAY,
          RecordShape.STORED), 13), Framing.ARRAY, multi, 9, false);

      byte[] parallel = parallel(spec, POOL, blockBytes, 1000);

      assertThat(Bodies.gunzip(parallel)).isEqualTo(Bodies.gunzip(serial(spec)));
      assertThat(Bodies.members(parallel)).isEqualTo(multi ? 2 : 1);
    }
  }

  @Test
  void emptyBodiesAndEmptyDaysAreValidMembers() throws Exception {
    EventCatalog empty = new EventCatalog(1, 0);
    for (Framing framing : Framing.values()) {
      for (boolean multi : new boolean[] {false, true}) {
        DownloadSpec spec = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(2), framing, RecordShape.STORED),
            framing, multi, 0, false);
        ParallelGzip gzip = new ParallelGzip(empty.bodySource(spec), spec, 64, 1, POOL);

        byte[] gz = drain(gzip, 64);

        assertThat(Bodies.gunzip(gz)).isEqualTo(Bodies.gunzip(drain(new SerialGzip(empty.bodySource(spec), spec, 64,
            1), 64)));
        assertThat(Bodies.members(gz)).isEqualTo(multi ? 3 : 1);
      }
    }
  }

  @Test
  void theCompressedBytesDependNeitherOnTheChunkSizeNorOnThePool() {
    DownloadSpec spec = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.CONCATENATED,
        RecordShape.ENVELOPE), Framing.CONCATENATED, true, 0, false);
    byte[] reference = parallel(spec, POOL, ParallelGzip.BLOCK_BYTES, 32 * 1024);

    // 10 and 18: a chunk ends exactly after a header / a header plus a trailer
    for (int chunkSize : new int[] {1, 9, 10, 11, 18, 4096, ParallelGzip.BLOCK_BYTES, 1 << 20}) {
      assertThat(parallel(spec, POOL, ParallelGzip.BLOCK_BYTES, chunkSize)).as("chunk %d", chunkSize)
          .isEqualTo(reference);
    }
    DeflatePool wide = new DeflatePool(5);
    assertThat(parallel(spec, wide, ParallelGzip.BLOCK_BYTES, 5000)).isEqualTo(reference);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6, 9})
  void otherLevelsGiveTheSameBody(int level) throws Exception {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.CADF);

    byte[] gz = drain(new ParallelGzip(catalog.bodySource(spec), spec, 8192, level, POOL), 8192);

    assertThat(Bodies.gunzip(gz)).isEqualTo(Bodies.gunzip(serial(spec)));
  }

  @Test
  void corruptGzipDamagesSixteenDataBytesAtSixtyFourKibibytes() {
    for (boolean multi : new boolean[] {false, true}) {
      DownloadSpec good = Fixtures.with(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.NDJSON,
          RecordShape.STORED), Framing.NDJSON, multi, 0, false);
      byte[] clean = parallel(good, POOL, ParallelGzip.BLOCK_BYTES, 3000);
      byte[] bad = parallel(Fixtures.with(good, Framing.NDJSON, multi, 0, true), POOL, ParallelGzip.BLOCK_BYTES,
          3000);

      assertThat(bad).hasSameSizeAs(clean);
      List<Integer> differing = new ArrayList<>();
      for (int i = 0; i < clean.length; i++) {
        if (clean[i] != bad[i]) {
          differing.add(i);
          assertThat(bad[i]).isEqualTo((byte) ~clean[i]);
        }
      }
      assertThat(differing).hasSize(GzipChunks.CORRUPT_LENGTH).first().isEqualTo((int) GzipChunks.CORRUPT_OFFSET);
      assertThatThrownBy(() -> Bodies.gunzip(bad)).isInstanceOf(ZipException.class);
    }
  }

  @Test
  void corruptGzipOfASmallBodyInvertsTheLastMembersCrcOnly() {
    DownloadSpec good = Fixtures.with(Fixtures.withHour(Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.NDJSON,
        RecordShape.CADF), 2), Framing.NDJSON, true, 0, false);
    byte[] clean = parallel(good, POOL, 2048, 700);
    byte[] bad = parallel(Fixtures.with(good, Framing.NDJSON, true, 0, true), POOL, 2048, 700);

    assertThat(clean.length).isLessThan((int) GzipChunks.CORRUPT_OFFSET);
    for (int i = 0; i < clean.length; i++) {
      boolean lastCrc = i >= clean.length - 8 && i < clean.length - 4;
      assertThat(bad[i]).as("byte %d", i).isEqualTo(lastCrc ? (byte) ~clean[i] : clean[i]);
    }
    assertThatThrownBy(() -> Bodies.gunzip(bad)).isInstanceOf(ZipException.class).hasMessageContaining("trailer");
  }

  @Test
  void aDownloadCompressesItsOwnBlocksWhenThePoolIsBusyAndKeepsItsQueueEntriesBounded() throws Exception {
    DeflatePool busy = blockedPool();
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.STORED);
    ParallelGzip gzip = new ParallelGzip(catalog.bodySource(spec), spec, 4096, 1, busy);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int maxQueued = 0;

    for (byte[] chunk = gzip.next(); chunk != null; chunk = gzip.next()) {
      out.write(chunk, 0, chunk.length);
      maxQueued = Math.max(maxQueued, busy.queued());
    }

    assertThat(Bodies.gunzip(out.toByteArray())).isEqualTo(Bodies.gunzip(serial(spec)));
    assertThat(maxQueued).isBetween(1, 3);
    gzip.close();
    assertThat(busy.queued()).isZero();
  }

  @Test
  void closingMidDownloadWithdrawsQueuedBlocksAndEndsTheBody() throws Exception {
    DeflatePool busy = blockedPool();
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.STORED);
    GzipBody gzip = new ParallelGzip(catalog.bodySource(spec), spec, 1024, 1, busy);

    assertThat(gzip.next()).hasSize(1024);
    assertThat(busy.queued()).isPositive();
    gzip.close();
    gzip.close();

    assertThat(busy.queued()).isZero();
    assertThat(gzip.next()).isNull();
  }

  @Test
  void closingWhilePoolThreadsCompressIsSafe() {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.STORED);
    for (int round = 0; round < 20; round++) {
      GzipBody gzip = new ParallelGzip(catalog.bodySource(spec), spec, 512, 1, POOL, 8192);
      for (int i = 0; i <= round; i++) {
        assertThat(gzip.next()).isNotNull();
      }
      gzip.close();
      assertThat(gzip.next()).isNull();
    }
    // the pool still works for others afterwards
    assertThat(parallel(spec, POOL, 8192, 4096)).isEqualTo(parallel(spec, POOL, 8192, 4096));
  }

  @Test
  void aDownloadOutlivesItsPoolByCompressingOnItsOwnThread() throws Exception {
    DeflatePool pool = new DeflatePool(2);
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON, RecordShape.STORED);
    GzipBody gzip = new ParallelGzip(catalog.bodySource(spec), spec, 4096, 1, pool);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] first = gzip.next();
    out.write(first, 0, first.length);

    pool.shutdown(10_000);
    out.write(drain(gzip, 4096));

    assertThat(pool.liveThreads()).isZero();
    assertThat(Bodies.gunzip(out.toByteArray())).isEqualTo(Bodies.gunzip(serial(spec)));
  }

  @Test
  void closingTheCatalogEndsItsDeflateThreadsAndRefusesFurtherDownloads() {
    EventCatalog own = new EventCatalog(3, 500);
    DownloadSpec spec = Fixtures.day(RecordShape.CADF);
    byte[] before = drain(new ParallelGzip(own.bodySource(spec), spec, 8192, 1, own.deflatePool()), 8192);
    DeflatePool pool = own.deflatePool();
    assertThat(before).isNotEmpty();
    assertThat(pool.liveThreads()).isPositive();

    own.close();
    own.close();

    assertThat(pool.liveThreads()).isZero();
    assertThat(own.expected(spec).count()).isPositive();
    assertThatThrownBy(() -> new GzipChunks(own, spec, 8192, 1, true)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** A one-thread pool whose thread is stuck until the class is done: blocks queue up and are never taken. */
  private static DeflatePool blockedPool() throws InterruptedException {
    DeflatePool pool = new DeflatePool(1);
    CountDownLatch started = new CountDownLatch(1);
    pool.submit(() -> {
      started.countDown();
      try {
        RELEASE_BLOCKER.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return pool;
  }

  private byte[] serial(DownloadSpec spec) {
    return drain(new SerialGzip(catalog.bodySource(spec), spec, 16 * 1024, 1), 16 * 1024);
  }

  private byte[] parallel(DownloadSpec spec, DeflatePool pool, int blockBytes, int chunkSize) {
    return drain(new ParallelGzip(catalog.bodySource(spec), spec, chunkSize, 1, pool, blockBytes), chunkSize);
  }

  private static byte[] drain(GzipBody gzip, int chunkSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (gzip) {
      for (byte[] chunk = gzip.next(); chunk != null; chunk = gzip.next()) {
        assertThat(chunk.length).isBetween(1, chunkSize);
        out.write(chunk, 0, chunk.length);
      }
      assertThat(gzip.next()).isNull();
    }
    return out.toByteArray();
  }
}
