package dev.atconnector.sim.events;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The extra ("late") events of one day of a scope, in the order a download writes them: by UTC hour, then by time.
 *
 * <p>Extra event {@code k} (0-based, counting every addition to that day) has its own stream
 * {@code seedOf(scopeKey, epochDay, LATE_TAG, k)}: it draws its hour (uniform 0-23), its millisecond in the hour and
 * its event seed. So adding events never changes the events already there (regular or extra) and the extra events are
 * as deterministic as the regular ones. A download writes an hour's extra events after that hour's regular events:
 * they arrived late.
 */
final class LatePlan {
  static final LatePlan NONE = new LatePlan(new long[0], new int[25]);

  private static final long LATE_TAG = 0x4C41_5445_4556_54L;

  /** Per event, sorted: hour (bits 58-62), millisecond of hour (bits 36-57), k (bits 0-35); see {@link #of}. */
  private final long[] order;
  /** {@code hourStart[h]} is the index of hour h's first event; {@code hourStart[24]} the total. */
  private final int[] hourStart;

  private LatePlan(long[] order, int[] hourStart) {
    this.order = order;
    this.hourStart = hourStart;
  }

  static LatePlan of(long scopeKey, LocalDate day, long count) {
    if (count == 0) {
      return NONE;
    }
    long[] order = new long[Math.toIntExact(count)];
    Rng rng = new Rng(0);
    for (int k = 0; k < order.length; k++) {
      rng.reset(seed(scopeKey, day, k));
      long hour = rng.nextInt(24);
      long millis = rng.nextInt(3_600_000);
      order[k] = hour << 58 | millis << 36 | k;
    }
    Arrays.sort(order);
    int[] hourStart = new int[25];
    for (long packed : order) {
      hourStart[hourOf(packed) + 1]++;
    }
    for (int h = 1; h <= 24; h++) {
      hourStart[h] += hourStart[h - 1];
    }
    return new LatePlan(order, hourStart);
  }

  /** Index of the first extra event of the hour. */
  int from(int hour) {
    return hourStart[hour];
  }

  /** Index after the last extra event of the hour. */
  int to(int hour) {
    return hourStart[hour + 1];
  }

  /** How many extra events fall in the hour. */
  long countIn(int hour) {
    return to(hour) - from(hour);
  }

  int millisOf(int index) {
    return (int) (order[index] >>> 36 & 0x3F_FFFFL);
  }

  /** The event seed of the extra event at the index; with {@code reuse} as scratch generator. */
  long eventSeed(long scopeKey, LocalDate day, int index, Rng reuse) {
    reuse.reset(seed(scopeKey, day, order[index] & 0xF_FFFF_FFFFL));
    reuse.nextInt(24);
    reuse.nextInt(3_600_000);
    return reuse.nextLong();
  }

  private static int hourOf(long packed) {
    return (int) (packed >>> 58);
  }

  private static long seed(long scopeKey, LocalDate day, long k) {
    return Rng.seedOf(scopeKey, day.toEpochDay(), LATE_TAG, k);
  }
}
