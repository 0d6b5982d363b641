package dev.atconnector.sim.events;

import java.nio.charset.StandardCharsets;

/**
 * A resettable SplitMix64 generator (the algorithm behind {@link java.util.SplittableRandom}), written out here so
 * the simulated events are bit-for-bit stable across JDK versions and so the hot path can reseed one instance per
 * event instead of allocating. Not thread-safe.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  void reset(long seed) {
    this.state = seed;
  }

  long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** Uniform in [0, bound); bound must be positive. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  <T> T pick(T[] values) {
    return values[nextInt(values.length)];
  }

  /** The SplitMix64 / Stafford variant 13 finaliser: a bijective avalanche mix of 64 bits. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A stable 64-bit hash of a string (FNV-1a over its UTF-8 bytes, then mixed). */
  static long hash(String s) {
    long h = 0xCBF29CE484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return mix64(h);
  }

  /** Combines parts into one seed; order matters, so (a, b) and (b, a) give different seeds. */
  static long seedOf(long... parts) {
    long h = 0x6A09E667F3BCC908L;
    for (long p : parts) {
      h = mix64(h ^ p) + GOLDEN;
    }
    return h;
  }
}
