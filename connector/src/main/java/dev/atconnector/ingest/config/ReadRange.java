package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.SessionRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which days (and hour) of a source to read, and how many days one download session covers, validated.
 *
 * @param start first UTC day, inclusive ({@code --start})
 * @param end last UTC day, inclusive ({@code --end}), on or after {@code start}
 * @param hour only this UTC hour of each day, 0-23 ({@code --hour})
 * @param windowDays days per download session, 1-15 ({@code --window-days})
 */
public record ReadRange(LocalDate start, LocalDate end, OptionalInt hour, int windowDays) {
  public ReadRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(hour, "hour");
    if (end.isBefore(start)) {
      throw new ConfigException("--end (AT_END) " + end + " is before --start (AT_START) " + start
          + ": give an end on or after the start");
    }
    hour.ifPresent(h -> Settings.intInRange(h, 0, 23, "--hour (AT_HOUR)"));
    Settings.intInRange(windowDays, 1, 15, "--window-days (AT_WINDOW_DAYS)");
  }

  /** The range cut into sessions of at most {@link #windowDays} days, in order. */
  public List<SessionRequest> windows(boolean accountLevel) {
    List<SessionRequest> out = new ArrayList<>();
    for (LocalDate from = start; !from.isAfter(end); from = from.plusDays(windowDays)) {
      LocalDate to = from.plusDays(windowDays - 1L);
      out.add(new SessionRequest(from, to.isAfter(end) ? end : to, accountLevel, hour));
    }
    return out;
  }
}
