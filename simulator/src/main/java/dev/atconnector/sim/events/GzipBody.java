package dev.atconnector.sim.events;

/** A gzip download body handed out chunk by chunk: what {@link GzipChunks} delegates to. */
interface GzipBody extends AutoCloseable {
  /** Member header (RFC 1952): deflate, no flags, mtime 0, no extra flags, OS 255 (unknown). */
  byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** The next chunk (never empty, at most the chunk size), or null at the end of the body or once closed. */
  byte[] next();

  long recordsWritten();

  long bytesWritten();

  long bodyBytes();

  /** Releases everything; safe more than once and before the end. */
  @Override
  void close();

  static void intLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
