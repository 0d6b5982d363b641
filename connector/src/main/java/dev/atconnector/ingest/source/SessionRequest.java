package dev.atconnector.ingest.source;

import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one download session asks for (reference B.2): inclusive UTC days, account or space level, and an optional
 * SearchTime hour.
 */
public record SessionRequest(LocalDate start, LocalDate end, boolean accountLevel, OptionalInt hour) {
  /** The service's limit on one session (reference B.2, "15 days per session"). */
  public static final int MAX_DAYS = 15;

  public SessionRequest {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(hour, "hour");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
  }

  @Override
  public String toString() {
    return start + ".." + end + (accountLevel ? " account" : " space")
        + (hour.isPresent() ? " hour " + hour.getAsInt() : "");
  }
}
