package dev.atconnector.sim.events;

/**
 * The download body, compressed while it is produced: pulls records from the catalog lazily and hands out gzip bytes
 * in chunks of bounded size, so a download of any size costs constant memory. Not thread-safe: one instance per
 * download, pulled by one subscriber at a time, from a worker thread (see below).
 *
 * <p>Gzip members (RFC 1952) are written by hand around raw deflate data: a 10-byte header (no name, mtime 0, OS 255),
 * the deflate data, then CRC32 and ISIZE. Single-member bodies have one member; multi-member bodies one per UTC day of
 * the spec, an empty day giving an empty but valid member.
 *
 * <p>Compression: with more than one processor the deflate work runs in parallel on the catalog's {@link DeflatePool}
 * ({@link ParallelGzip}: blocks of 256 KiB compressed independently, handed out in order, at most a few in flight per
 * download); {@link #next()} may then wait for a block being compressed by a pool thread (a millisecond or two), so it
 * must not be called on an event loop. On one processor the body is compressed in series on the calling thread
 * ({@link SerialGzip}), never waiting. Both give the same uncompressed bytes and member layout; the compressed bytes
 * differ between the two, but each is deterministic (the same spec always gives the same bytes, whatever the chunk
 * size).
 *
 * <p>Fault {@code corruptGzip}: the 16 compressed bytes that start at the first deflate-data byte at or after
 * compressed offset 65,536 are inverted (XOR 0xFF), which makes inflation fail with a data error or, at the latest, the
 * member's CRC check fail. A body whose compressed size stays below that offset instead gets the CRC32 of its last
 * member inverted. Headers and trailers are never the ones damaged at 64 KiB, so a reader cannot mistake the damage
 * for trailing garbage.
 */
public final class GzipChunks implements AutoCloseable {
  static final long CORRUPT_OFFSET = 65_536;
  static final int CORRUPT_LENGTH = 16;

  private final GzipBody body;

  /**
   * @param catalog where the events come from
   * @param spec which events and how they are written
   * @param chunkSize the largest chunk {@link #next()} returns, in bytes (e.g. 32 KiB)
   * @param level the deflate level (0 stored ... 1 fastest ... 9 smallest)
   */
  public GzipChunks(EventCatalog catalog, DownloadSpec spec, int chunkSize, int level) {
    this(catalog, spec, chunkSize, level, Runtime.getRuntime().availableProcessors() > 1);
  }

  GzipChunks(EventCatalog catalog, DownloadSpec spec, int chunkSize, int level, boolean parallel) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be strictly positive, was " + chunkSize);
    }
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("level must be 0..9, was " + level);
    }
    BodySource source = catalog.bodySource(spec);
    this.body = parallel
        ? new ParallelGzip(source, spec, chunkSize, level, catalog.deflatePool())
        : new SerialGzip(source, spec, chunkSize, level);
  }

  /** The next chunk of compressed bytes (never empty, at most the chunk size), or {@code null} at the end. */
  public byte[] next() {
    return body.next();
  }

  /**
   * Records written so far (good and malformed), counted when they are handed to the compressor, which may be a few
   * blocks (or one 48 KiB batch in series) ahead of the compressed bytes returned; equal to the body's total once
   * {@link #next()} has returned null.
   */
  public long recordsWritten() {
    return body.recordsWritten();
  }

  /** Compressed bytes handed out so far. */
  public long bytesWritten() {
    return body.bytesWritten();
  }

  /** Uncompressed body bytes produced so far (handed to the compressor). */
  public long bodyBytes() {
    return body.bodyBytes();
  }

  /**
   * Frees the deflaters and drops blocks not yet compressed (a block being compressed is freed as soon as its thread
   * is done); safe to call more than once, before the end, and from another thread (a {@link #next()} running
   * meanwhile then fails or ends early).
   */
  @Override
  public void close() {
    body.close();
  }
}
