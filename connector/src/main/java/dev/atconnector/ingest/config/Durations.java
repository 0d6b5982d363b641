package dev.atconnector.ingest.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every flag, environment variable and file: a whole number with a unit ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; units case-insensitive) or ISO-8601 ({@code PT30S}, {@code P1D},
 * {@code P1DT12H}). A duration is never negative; whether zero is allowed is the caller's rule.
 */
public final class Durations {
  /** The accepted forms, for messages that add their own alternatives (e.g. a date). */
  public static final String FORMS = "500ms, 30s, 5m, 2h, 1d or ISO-8601 like PT30S or P1D";

  private static final Pattern UNIT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming {@code text} and the accepted forms
   */
  public static Duration parse(String text) {
    Duration d = text == null ? null : parseOrNull(text.strip().toLowerCase(Locale.ROOT));
    if (d == null) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: use " + FORMS);
    }
    return d;
  }

  private static Duration parseOrNull(String v) {
    try {
      if (v.startsWith("p")) {
        Duration iso = Duration.parse(v.toUpperCase(Locale.ROOT));
        return iso.isNegative() ? null : iso;
      }
      Matcher m = UNIT.matcher(v);
      if (!m.matches()) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (RuntimeException e) {
      return null; // ISO text Duration.parse refuses, or a number of days past Duration's range
    }
  }
}
