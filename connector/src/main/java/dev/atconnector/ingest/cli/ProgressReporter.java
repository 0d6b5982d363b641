package dev.atconnector.ingest.cli;

import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Redraws the {@link ProgressBar} line on stderr ({@code \r}, at most every {@value #EVERY_MS} ms, so a fast download
 * is not slowed by the terminal), or does nothing when no terminal is attached. Called from the download's thread
 * only.
 */
final class ProgressReporter {
  static final long EVERY_MS = 200;

  private final PrintWriter err;
  private final boolean enabled;
  private final LongSupplier nanoTime;
  private long started;
  private long lastDrawn;
  private long bytes;
  private long events = -1;
  private OptionalLong total = OptionalLong.empty();
  private int lastWidth;

  ProgressReporter(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
    this.err = err;
    this.enabled = enabled;
    this.nanoTime = nanoTime;
  }

  void start(OptionalLong length) {
    total = length;
    started = nanoTime.getAsLong();
    lastDrawn = started;
    bytes = 0;
  }

  void add(long n) {
    bytes += n;
    long now = nanoTime.getAsLong();
    if (enabled && now - lastDrawn >= EVERY_MS * 1_000_000) {
      lastDrawn = now;
      draw(now);
    }
  }

  /** The events decoded so far (shown from the next redraw on). */
  void events(long count) {
    events = count;
  }

  boolean enabled() {
    return enabled;
  }

  long bytes() {
    return bytes;
  }

  /** The last redraw, ended with a newline so the next output starts on its own line. */
  void finish() {
    if (enabled) {
      draw(nanoTime.getAsLong());
      err.println();
      err.flush();
    }
  }

  private void draw(long now) {
    String line = ProgressBar.render(bytes, total, now - started, events);
    // pad over the rest of a longer previous line
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    err.flush();
    lastWidth = line.length();
  }
}
