package dev.atconnector.sim.server;

import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Scope;
import java.time.LocalDate;
import java.util.OptionalInt;

/** One day's status row: how many events and how many (uncompressed) bytes. */
record DayStatus(long count, long size) {
  /** Rough mean size of one stored record, until the catalog reports exact sizes. */
  private static final long MEAN_RECORD_BYTES = 900;

  static DayStatus of(EventCatalog catalog, Scope scope, LocalDate day, OptionalInt hour) {
    long count = catalog.countFor(scope, day);
    return new DayStatus(count, count * MEAN_RECORD_BYTES);
  }
}
