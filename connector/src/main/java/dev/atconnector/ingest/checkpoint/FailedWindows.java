package dev.atconnector.ingest.checkpoint;

import dev.atconnector.ingest.checkpoint.Checkpoint.FailedWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pure arithmetic of failed windows (issue 15, {@code --errors-tolerance window}): the checkpoint never claims a
 * day it did not finish, so {@code completed_through} stops before the first failed window, while scheduling goes
 * on from {@code passed_through}. A failed window is kept per day range: a later read of some of its days clears
 * just those days.
 */
public final class FailedWindows {
  private FailedWindows() {}

  /**
   * {@code completed_through} of a checkpoint passed through {@code passed} with {@code failed} windows: the day
   * before the first failed window that starts on or after {@code rangeStart}, if that is earlier; empty when that
   * is before the range.
   */
  public static Optional<LocalDate> completed(LocalDate rangeStart, Optional<LocalDate> passed,
      List<FailedWindow> failed) {
    Optional<LocalDate> firstFailed = failed.stream().map(FailedWindow::start)
        .map(d -> d.isBefore(rangeStart) ? rangeStart : d)
        .min(Comparator.naturalOrder());
    if (passed.isEmpty() || firstFailed.isEmpty() || firstFailed.get().isAfter(passed.get())) {
      return passed;
    }
    LocalDate before = firstFailed.get().minusDays(1);
    return before.isBefore(rangeStart) ? Optional.empty() : Optional.of(before);
  }

  /** {@code failed} without the days {@code from..to} (read successfully since), in day order. */
  public static List<FailedWindow> clear(List<FailedWindow> failed, LocalDate from, LocalDate to) {
    List<FailedWindow> out = new ArrayList<>();
    for (FailedWindow f : failed) {
      if (f.end().isBefore(from) || f.start().isAfter(to)) {
        out.add(f);
        continue;
      }
      if (f.start().isBefore(from)) {
        out.add(f.on(f.start(), from.minusDays(1)));
      }
      if (f.end().isAfter(to)) {
        out.add(f.on(to.plusDays(1), f.end()));
      }
    }
    out.sort(Comparator.comparing(FailedWindow::start));
    return out;
  }

  /**
   * {@code failed} with the window {@code from..to} recorded as failed now: a window recorded before on exactly
   * these days keeps its first time and adds up its attempts and sessions; other overlapping days are replaced.
   *
   * @param attempts downloads of the window in this run
   * @param sessions session ids this run tried
   */
  public static List<FailedWindow> record(List<FailedWindow> failed, LocalDate from, LocalDate to, String reason,
      long attempts, List<String> sessions, Instant now) {
    Optional<FailedWindow> same = failed.stream().filter(f -> f.start().equals(from) && f.end().equals(to))
        .findFirst();
    List<String> tried = new ArrayList<>(same.map(FailedWindow::sessions).orElse(List.of()));
    sessions.stream().filter(s -> !tried.contains(s)).forEach(tried::add);
    FailedWindow next = new FailedWindow(from, to, reason, same.map(FailedWindow::attempts).orElse(0L) + attempts,
        same.map(FailedWindow::firstFailedAt).orElse(now), now, tried);
    List<FailedWindow> out = clear(failed, from, to);
    out.add(next);
    out.sort(Comparator.comparing(FailedWindow::start));
    return out;
  }
}
