package dev.atconnector.sim.events;

/**
 * The {@code eventTime} formats the service's documents show (reference B.3), all in UTC. Each writes into a caller's
 * char array (no allocation on the hot path) and returns the length written.
 */
enum EventTimeFormat {
  /** {@code 2017-10-19T19:07:50.32+0000}: two fractional digits, {@code +0000}; the documented canonical form. */
  CANONICAL,
  /** {@code 2017-10-19 19:07:50.32 +0000 UTC}: Go's {@code time.Time.String()}, trailing zeros of the fraction trimmed. */
  GO_STRING,
  /** {@code 2018-07-16T15:00+0000}: no seconds. */
  NO_SECONDS,
  /** {@code 2019-05-30T18:42:48.960Z}: ISO-8601 with milliseconds and {@code Z}. */
  ISO_MILLIS_Z,
  /** {@code 2019-05-30T18:42:48.960+0000}: milliseconds and {@code +0000}. */
  MILLIS_OFFSET;

  private static final EventTimeFormat[] VALUES = values();

  /** Canonical about 40% of the time, each other format about 15%. */
  static EventTimeFormat draw(Rng rng) {
    int r = rng.nextInt(20);
    return r < 8 ? CANONICAL : VALUES[1 + (r - 8) / 3];
  }

  /**
   * @param date the day as {@code yyyy-MM-dd} (10 chars)
   * @param millisOfHour milliseconds since the start of the hour
   */
  int format(char[] out, String date, int hour, int millisOfHour) {
    date.getChars(0, 10, out, 0);
    int minute = millisOfHour / 60_000;
    int second = millisOfHour / 1000 % 60;
    int millis = millisOfHour % 1000;
    out[10] = this == GO_STRING ? ' ' : 'T';
    two(out, 11, hour);
    out[13] = ':';
    two(out, 14, minute);
    if (this == NO_SECONDS) {
      return ascii(out, 16, "+0000");
    }
    out[16] = ':';
    two(out, 17, second);
    switch (this) {
      case CANONICAL:
        out[19] = '.';
        two(out, 20, millis / 10);
        return ascii(out, 22, "+0000");
      case GO_STRING:
        return ascii(out, goFraction(out, millis), " +0000 UTC");
      case ISO_MILLIS_Z:
        return ascii(out, millis(out, millis), "Z");
      default:
        return ascii(out, millis(out, millis), "+0000");
    }
  }

  /** Go prints the fraction without trailing zeros, and no dot at all for a whole second. */
  private static int goFraction(char[] out, int millis) {
    if (millis == 0) {
      return 19;
    }
    int end = millis(out, millis);
    while (out[end - 1] == '0') {
      end--;
    }
    return end;
  }

  private static int millis(char[] out, int millis) {
    out[19] = '.';
    out[20] = (char) ('0' + millis / 100);
    two(out, 21, millis % 100);
    return 23;
  }

  private static void two(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
  }

  private static int ascii(char[] out, int at, String s) {
    s.getChars(0, s.length(), out, at);
    return at + s.length();
  }
}
