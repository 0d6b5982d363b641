package dev.atconnector.sim.session;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A validated session request: inclusive UTC days, account level, optional SearchTime hour.
 *
 * @param start first UTC day, inclusive
 * @param end last UTC day, inclusive
 * @param accountLevel AtAccountLevel
 * @param hour SearchTime 0..23, or empty for all hours
 */
public record SessionQuery(LocalDate start, LocalDate end, boolean accountLevel, OptionalInt hour) {
  public SessionQuery {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(hour, "hour");
  }

  /** Number of days in the range, inclusive. */
  public long days() {
    return ChronoUnit.DAYS.between(start, end) + 1;
  }
}
