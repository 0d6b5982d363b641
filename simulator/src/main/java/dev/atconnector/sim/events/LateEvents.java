package dev.atconnector.sim.events;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events added after the fact ({@code Simulator.addEvents}): per (scope, UTC day), how many extra events that day has
 * gained. Only the counts are stored; each extra event is generated from its own seed (see {@link LatePlan}), so the
 * same additions always give the same events. Thread-safe: additions are atomic per day and visible to every
 * download, status or expected-events call that reaches the day afterwards.
 */
final class LateEvents {
  /** A sanity bound: extra events are generated and sorted per day in memory ({@link LatePlan}). */
  static final long MAX_PER_DAY = 10_000_000L;

  private record Key(Scope scope, LocalDate day) {}

  private final Map<Key, Long> counts = new ConcurrentHashMap<>();

  /** Adds {@code count} events to the day of the scope; returns that day's extra events now. */
  long add(Scope scope, LocalDate day, long count) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(day, "day");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return counts.merge(new Key(scope, day), count, (old, more) -> {
      if (old + more > MAX_PER_DAY) {
        throw new IllegalArgumentException("a day may gain at most " + MAX_PER_DAY + " extra events; it has " + old
            + ", asked for " + more + " more");
      }
      return old + more;
    });
  }

  /** The extra events of the day of the scope so far (0 if none). */
  long count(Scope scope, LocalDate day) {
    return counts.getOrDefault(new Key(scope, day), 0L);
  }
}
