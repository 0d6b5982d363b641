package dev.atconnector.sim.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the service wrote them: RFC 3339 in UTC with nine fractional digits (Go's time.Time JSON form). */
public final class Times {
  private static final DateTimeFormatter RFC3339_NANO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Times() {}

  public static String format(Instant instant) {
    return RFC3339_NANO.format(instant);
  }
}
