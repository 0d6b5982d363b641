package dev.atconnector.ingest.sink;

import java.util.ArrayDeque;

/**
 * The large arrays bulk bodies are copied into, reused from one request to the next: a body of 2,000 documents is
 * about 20 of them, so the client's transport writes ~40 buffers per request instead of four per document (each of
 * which it sends as its own HTTP chunk, with a socket write and a reactor turn each, and Elasticsearch decodes as its
 * own chunk). Segments are well under G1's humongous size at a small heap, and reusing them means the body costs no
 * allocation per document. At most {@link #MAX_FREE} free segments are kept; more are left to the GC.
 */
final class BodySegments {
  /** Bytes per segment: 256 KB, half a G1 region at the smallest region size (1 MB), so never humongous. */
  static final int SIZE = 256 * 1024;
  /** Free segments kept: enough for two requests of the default 5 MB and one being built. */
  static final int MAX_FREE = 64;

  private final int size;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  BodySegments() {
    this(SIZE);
  }

  /** A pool of segments of {@code size} bytes (small sizes in tests, to cut bodies often). */
  BodySegments(int size) {
    if (size < 1024) {
      throw new IllegalArgumentException("size must be at least 1024 bytes, got " + size);
    }
    this.size = size;
  }

  int size() {
    return size;
  }

  /** A segment to write into: a free one, else a new one. */
  synchronized byte[] take() {
    byte[] segment = free.poll();
    return segment != null ? segment : new byte[size];
  }

  /**
   * Gives segments back once the request that carried them is over: the transport read them for the last time (an
   * answer, or a failure after the client's own retries); never after a cancellation, when the I/O thread may still
   * be writing them.
   */
  synchronized void release(Iterable<byte[]> segments) {
    for (byte[] segment : segments) {
      if (free.size() < MAX_FREE && segment.length == size) {
        free.push(segment);
      }
    }
  }

  /** Free segments held (for tests). */
  synchronized int free() {
    return free.size();
  }
}
