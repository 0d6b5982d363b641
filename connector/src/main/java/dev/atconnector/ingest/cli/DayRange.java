package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.OptionalInt;

/**
 * The days of a session or a status query, checked before any request: defaults to the last 14 days (today and
 * the 13 before, UTC), at most {@link SessionRequest#MAX_DAYS} days (reference B.2), an optional hour 0-23.
 */
final class DayRange {
  private DayRange() {}

  static SessionRequest request(RangeOptions range, LocalDate today) {
    return request(range.start, range.end, range.account, range.hour, today);
  }

  static SessionRequest request(String start, String end, boolean account, Integer hour, LocalDate today) {
    LocalDate last = end == null ? today : Settings.date(end, "--end (-e)");
    LocalDate first = start == null ? last.minusDays(13) : Settings.date(start, "--start (-s)");
    if (last.isBefore(first)) {
      throw new ConfigException("--end (-e) " + last + " is before --start (-s) " + first
          + ": give an end on or after the start");
    }
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days > SessionRequest.MAX_DAYS) {
      throw new ConfigException("--start " + first + " to --end " + last + " is " + days + " days, but one "
          + "session covers at most " + SessionRequest.MAX_DAYS + ": narrow it (e.g. -s " + first + " -e "
          + first.plusDays(SessionRequest.MAX_DAYS - 1L) + ") and take the rest in further sessions, "
          + "or use `at-connector ingest`, which splits any range");
    }
    OptionalInt h = hour == null ? OptionalInt.empty() : OptionalInt.of(Settings.intInRange(hour, 0, 23,
        "--hour (-T)"));
    return new SessionRequest(first, last, account, h);
  }
}
