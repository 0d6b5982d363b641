package dev.atconnector.ingest.cli;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Renders one line of download progress like {@code ibmcloud at download}:
 * {@code 29.89 KiB / 112.19 KiB [=======>     ]  26.64% 9.73 MiB/s 3s}; without a known length only the bytes, the
 * rate and the elapsed time. Pure (no clock, no I/O) so it is tested directly.
 */
final class ProgressBar {
  private static final int BAR_WIDTH = 30;
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ProgressBar() {}

  static String render(long bytes, OptionalLong total, long elapsedNanos) {
    return render(bytes, total, elapsedNanos, -1);
  }

  /** As above, plus the events decoded so far when {@code events} is not negative. */
  static String render(long bytes, OptionalLong total, long elapsedNanos, long events) {
    String line = bytesLine(bytes, total, elapsedNanos);
    return events < 0 ? line : line + String.format(Locale.ROOT, " %,d events", events);
  }

  private static String bytesLine(long bytes, OptionalLong total, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    String rate = seconds > 0 ? size((long) (bytes / seconds)) + "/s" : "-";
    String time = duration((long) seconds);
    if (total.isEmpty() || total.getAsLong() <= 0) {
      return String.format(Locale.ROOT, "%s %s %s", size(bytes), rate, time);
    }
    long t = total.getAsLong();
    double fraction = (double) bytes / t;
    int filled = (int) Math.min(BAR_WIDTH, Math.floor(fraction * BAR_WIDTH));
    String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
    return String.format(Locale.ROOT, "%s / %s [%s] %6.2f%% %s %s", size(bytes), size(t), bar, fraction * 100,
        rate, time);
  }

  /** Binary units with two decimals, e.g. {@code 9.73 MiB}; plain bytes below 1 KiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, UNITS[unit]);
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + seconds % 60 + "s";
    }
    return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
  }
}
