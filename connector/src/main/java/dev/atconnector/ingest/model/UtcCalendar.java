package dev.atconnector.ingest.model;

/**
 * Calendar arithmetic in UTC without {@code java.time} objects, because it runs for every record: the decoder
 * formats event times with it and a monthly destination names each event's index with it.
 */
public final class UtcCalendar {
  private UtcCalendar() {}

  /** The date of an epoch day as yyyyMMdd in one long (H. Hinnant's civil_from_days). */
  public static long civil(long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return y * 10_000 + m * 100 + d;
  }

  /** {@code yyyy.MM} of the instant in UTC (years 0000-9999), the suffix of the monthly index. */
  public static String monthSuffix(long epochMillis) {
    long civil = civil(Math.floorDiv(epochMillis, 86_400_000L));
    int yyyymm = (int) (civil / 100);
    char[] c = new char[7];
    for (int i = 6, v = yyyymm; i >= 0; i--) {
      if (i == 4) {
        c[i] = '.';
      } else {
        c[i] = (char) ('0' + v % 10);
        v /= 10;
      }
    }
    return new String(c);
  }
}
