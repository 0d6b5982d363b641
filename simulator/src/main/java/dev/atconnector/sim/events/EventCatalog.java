package dev.atconnector.sim.events;

import java.time.LocalDate;
import java.util.Iterator;

/**
 * Deterministic synthetic Activity Tracker events: the same (seed, scope, day) always yields the same events.
 * Thread-safe; creating iterators is cheap and each iterator is lazy (constant memory per download).
 */
public final class EventCatalog {
  private final long seed;
  private final int eventsPerDay;

  /**
   * @param seed the seed every event derives from
   * @param eventsPerDay the mean number of events per day (a day's real count varies with the scope and day, and
   *     spreads over the hours with a daily rhythm)
   */
  public EventCatalog(long seed, int eventsPerDay) {
    this.seed = seed;
    this.eventsPerDay = eventsPerDay;
  }

  public long seed() {
    return seed;
  }

  public int eventsPerDay() {
    return eventsPerDay;
  }

  /** How many events the scope has on that day (all hours), without generating them. */
  public long countFor(Scope scope, LocalDate day) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * The download body, uncompressed: the spec's records framed as asked, produced lazily. Each element is the bytes
   * of one record <em>including</em> its framing (separators, array brackets).
   */
  public Iterator<byte[]> framedRecords(DownloadSpec spec) {
    throw new UnsupportedOperationException("todo");
  }

  /** The exact expected events of a download (walks the events; no bytes are compressed). */
  public ExpectedEvents expected(DownloadSpec spec) {
    throw new UnsupportedOperationException("todo");
  }
}
