package dev.atconnector.ingest.decode;

import dev.atconnector.ingest.model.UtcCalendar;
import java.time.Instant;

/**
 * Event-time parsing and formatting, hand-rolled because it runs for every record. Accepts every format the
 * service used (reference B.3): {@code 2017-10-19T19:07:50.32+0000}, Go's {@code 2017-10-19 19:07:50.32 +0000 UTC},
 * {@code 2018-07-16T15:00+0000} (no seconds), and ISO-8601 with {@code Z}, {@code +hh:mm}, {@code +hhmm} or
 * {@code +hh} offsets and 0-9 fractional digits. A time without any offset is taken as UTC, as Elasticsearch's
 * {@code strict_date_optional_time} does. A trailing zone name ({@code UTC}, {@code MST}) is ignored: the numeric
 * offset before it is authoritative.
 */
public final class EventTime {
  private static final long MIN_MILLIS = -62167219200000L; // 0000-01-01T00:00:00Z
  private static final long MAX_MILLIS = 253402300799999L; // 9999-12-31T23:59:59.999Z
  private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private EventTime() {}

  /** @return the instant, or null when {@code text} is not a time in one of the accepted formats */
  public static Instant parse(CharSequence text) {
    int n = text.length();
    if (n < 16 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':') {
      return null;
    }
    char sep = text.charAt(10);
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    if ((sep != 'T' && sep != ' ' && sep != 't') || year < 0 || month < 1 || month > 12 || day < 1
        || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return null;
    }
    int i = 16;
    int second = 0;
    int nanos = 0;
    if (i < n && text.charAt(i) == ':') {
      second = digits(text, i + 1, 2);
      if (second < 0 || second > 59) {
        return null;
      }
      i += 3;
      if (i < n && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
        int start = ++i;
        while (i < n && i - start < 10 && isDigit(text.charAt(i))) {
          nanos = nanos * 10 + text.charAt(i++) - '0';
        }
        int count = i - start;
        if (count == 0 || count > 9) {
          return null;
        }
        nanos *= POW10[9 - count];
      }
    }
    return zoned(text, i, epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second, nanos);
  }

  /** Parses the offset part from {@code i} and applies it to the local seconds. */
  private static Instant zoned(CharSequence text, int from, long localSeconds, int nanos) {
    int n = text.length();
    int i = from < n && text.charAt(from) == ' ' ? from + 1 : from;
    int offset = 0;
    boolean zoned = false;
    char c = i < n ? text.charAt(i) : 0;
    if (c == 'Z' || c == 'z') {
      i++;
      zoned = true;
    } else if (c == '+' || c == '-') {
      int hh = digits(text, i + 1, 2);
      int mm = 0;
      i += 3;
      if (i < n && text.charAt(i) == ':') {
        i++;
      }
      if (i < n && isDigit(text.charAt(i))) {
        mm = digits(text, i, 2);
        i += 2;
      }
      if (hh < 0 || hh > 18 || mm < 0 || mm > 59) {
        return null;
      }
      offset = (c == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
      zoned = true;
    }
    if (zoned && i < n && text.charAt(i) == ' ') {
      i = zoneName(text, i + 1);
    }
    if (i != n) {
      return null;
    }
    long seconds = localSeconds - offset;
    if (seconds * 1000 < MIN_MILLIS || seconds * 1000 > MAX_MILLIS) {
      return null;
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** @return the end of a zone name of letters starting at {@code i}, or -1 if there is none */
  private static int zoneName(CharSequence text, int i) {
    int j = i;
    while (j < text.length() && ((text.charAt(j) >= 'A' && text.charAt(j) <= 'Z')
        || (text.charAt(j) >= 'a' && text.charAt(j) <= 'z'))) {
      j++;
    }
    return j > i ? j : -1;
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC; the instant must lie in years 0000-9999. */
  public static String format(long epochMillis) {
    char[] c = new char[24];
    formatTo(c, epochMillis);
    return new String(c);
  }

  /** {@link #format} into {@code c[0, 24)}, for writers that take characters (no String per record). */
  static void formatTo(char[] c, long epochMillis) {
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
    long civil = UtcCalendar.civil(days);
    put(c, 0, (int) (civil / 10_000), 4);
    c[4] = '-';
    put(c, 5, (int) (civil / 100 % 100), 2);
    c[7] = '-';
    put(c, 8, (int) (civil % 100), 2);
    c[10] = 'T';
    put(c, 11, millisOfDay / 3_600_000, 2);
    c[13] = ':';
    put(c, 14, millisOfDay / 60_000 % 60, 2);
    c[16] = ':';
    put(c, 17, millisOfDay / 1000 % 60, 2);
    c[19] = '.';
    put(c, 20, millisOfDay % 1000, 3);
    c[23] = 'Z';
  }

  private static void put(char[] c, int at, int value, int width) {
    int v = value;
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  private static int digits(CharSequence text, int at, int count) {
    if (at + count > text.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char ch = text.charAt(i);
      if (!isDigit(ch)) {
        return -1;
      }
      v = v * 10 + ch - '0';
    }
    return v;
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
