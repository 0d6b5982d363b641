package dev.atconnector.sim.events;

import java.time.LocalDate;

/**
 * How many events a scope has on a day and in each UTC hour of it, computed from hashes alone (no event is generated),
 * so counts, per-day status and SearchTime filters cost O(24).
 *
 * <p>The day's count is {@code round(eventsPerDay * f)} with {@code f} uniform in [0.8, 1.2) drawn from the day's hash.
 * It is apportioned over the 24 hours by largest remainder, in proportion to {@link #RHYTHM} (quiet nights, busy office
 * hours around 09-17 UTC) times a per-hour jitter in [0.85, 1.15), so the hours always sum exactly to the day.
 */
final class DayPlan {
  /** Relative activity per UTC hour: night low, office hours high. */
  static final double[] RHYTHM = {
    0.25, 0.20, 0.18, 0.18, 0.20, 0.30, 0.50, 0.90, 1.50, 2.00, 2.20, 2.20,
    1.90, 2.10, 2.20, 2.10, 1.90, 1.50, 1.10, 0.80, 0.60, 0.50, 0.40, 0.30
  };

  private static final long DAY_TAG = 0x44415950_4C414EL;

  private DayPlan() {}

  static long dayCount(long scopeKey, LocalDate day, int eventsPerDay) {
    Rng rng = new Rng(Rng.seedOf(scopeKey, day.toEpochDay(), DAY_TAG));
    double factor = 0.8 + 0.4 * rng.nextDouble();
    return Math.round(eventsPerDay * factor);
  }

  /** The per-hour counts of the day; they sum to {@link #dayCount}. */
  static long[] hourCounts(long scopeKey, LocalDate day, int eventsPerDay) {
    Rng rng = new Rng(Rng.seedOf(scopeKey, day.toEpochDay(), DAY_TAG));
    long total = Math.round(eventsPerDay * (0.8 + 0.4 * rng.nextDouble()));
    double[] weights = new double[24];
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      weights[h] = RHYTHM[h] * (0.85 + 0.3 * rng.nextDouble());
      sum += weights[h];
    }
    long[] counts = new long[24];
    double[] remainders = new double[24];
    long assigned = 0;
    for (int h = 0; h < 24; h++) {
      double exact = total * weights[h] / sum;
      counts[h] = (long) Math.floor(exact);
      remainders[h] = exact - counts[h];
      assigned += counts[h];
    }
    for (long left = total - assigned; left > 0; left--) {
      int best = 0;
      for (int h = 1; h < 24; h++) {
        if (remainders[h] > remainders[best]) {
          best = h;
        }
      }
      counts[best]++;
      remainders[best] = -1;
    }
    return counts;
  }
}
