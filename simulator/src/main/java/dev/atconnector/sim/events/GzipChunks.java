package dev.atconnector.sim.events;

/**
 * The download body, compressed while it is produced: pulls records from {@link EventCatalog#framedRecords} and
 * hands out gzip bytes in chunks of bounded size, so a download of any size costs constant memory. Not
 * thread-safe: one instance per download, pulled by one subscriber at a time.
 */
public final class GzipChunks implements AutoCloseable {

  /**
   * @param catalog where the events come from
   * @param spec which events and how they are written
   * @param chunkSize the largest chunk {@link #next()} returns, in bytes (e.g. 32 KiB)
   * @param level the deflate level (1 fastest ... 9 smallest)
   */
  public GzipChunks(EventCatalog catalog, DownloadSpec spec, int chunkSize, int level) {
    throw new UnsupportedOperationException("todo");
  }

  /** The next chunk of compressed bytes (never empty), or {@code null} at the end of the body. */
  public byte[] next() {
    throw new UnsupportedOperationException("todo");
  }

  /** Records written so far (good and malformed). */
  public long recordsWritten() {
    throw new UnsupportedOperationException("todo");
  }

  /** Frees the deflater; safe to call more than once and before the end. */
  @Override
  public void close() {}
}
