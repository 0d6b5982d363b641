package dev.atconnector.sim.events;

/**
 * The {@code corruptGzip} fault's damage: inverts the {@link GzipChunks#CORRUPT_LENGTH} deflate-data bytes that start
 * at the first deflate-data byte at or after compressed offset {@link GzipChunks#CORRUPT_OFFSET}. Fed only with
 * deflate data (never headers or trailers), with each piece's absolute offset in the body. Not thread-safe.
 */
final class Corruption {
  private final boolean enabled;
  private long start = -1;

  Corruption(boolean enabled) {
    this.enabled = enabled;
  }

  /** Damages the part of {@code out[pos, pos + n)}, which sits at body offset {@code from}, inside the range. */
  void apply(byte[] out, int pos, int n, long from) {
    if (!enabled || n == 0) {
      return;
    }
    long to = from + n;
    if (start < 0) {
      if (to <= GzipChunks.CORRUPT_OFFSET) {
        return;
      }
      start = Math.max(from, GzipChunks.CORRUPT_OFFSET);
    }
    long end = Math.min(to, start + GzipChunks.CORRUPT_LENGTH);
    for (long off = Math.max(from, start); off < end; off++) {
      out[pos + (int) (off - from)] ^= (byte) 0xFF;
    }
  }

  /** Whether the last member's CRC must take the damage instead: the fault is on and no data byte was reached. */
  boolean crcInstead() {
    return enabled && start < 0;
  }
}
