package dev.atconnector.ingest.checkpoint;

import dev.atconnector.ingest.source.SessionRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Pure date arithmetic of checkpoints: which windows are left, and how far a finished window may move the mark. */
public final class WindowPlan {
  private WindowPlan() {}

  /**
   * The windows of {@code from..end}, each at most {@code windowDays} days, in order; empty when from is after end.
   */
  public static List<SessionRequest> split(LocalDate from, LocalDate end, int windowDays, boolean accountLevel,
      OptionalInt hour) {
    List<SessionRequest> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(end); d = d.plusDays(windowDays)) {
      LocalDate to = d.plusDays(windowDays - 1L);
      out.add(new SessionRequest(d, to.isAfter(end) ? end : to, accountLevel, hour));
    }
    return out;
  }

  /**
   * Whether a run asking for {@code start..} continues the checkpoint's range: it starts within the days already
   * covered, or right after them. Otherwise (an earlier start, or a gap after completed_through) the checkpoint
   * starts over at {@code start}: re-reading days already indexed costs time, never duplicates. Days passed
   * counts windows recorded as failed too: they are re-read on demand ({@code --retry-failed}), not by moving the start.
   */
  public static boolean continues(Checkpoint c, LocalDate start) {
    LocalDate next = c.passedThrough().map(d -> d.plusDays(1)).orElse(c.rangeStart());
    return !start.isBefore(c.rangeStart()) && !start.isAfter(next);
  }

  /** The first day still to read: the day after completed_through, or {@code start} if later (or if rereading). */
  public static LocalDate firstUnfinished(Optional<LocalDate> completedThrough, LocalDate start, boolean reread) {
    if (reread || completedThrough.isEmpty()) {
      return start;
    }
    LocalDate next = completedThrough.get().plusDays(1);
    return next.isAfter(start) ? next : start;
  }

  /**
   * The last day that may be marked done at {@code now}: the last UTC day fully closed before {@code now - lag}.
   * Events may still arrive for later days, so a window reaching into them stays due for a re-read.
   */
  public static LocalDate lastClosedDay(Instant now, Duration lag) {
    return LocalDate.ofInstant(now.minus(lag), ZoneOffset.UTC).minusDays(1);
  }

  /**
   * The new completed_through after {@code window} finished: its end, held back to {@code lastClosed}, never
   * moving backwards from {@code previous}. Empty when nothing of it may be marked (all of it is still open).
   */
  public static Optional<LocalDate> advance(Optional<LocalDate> previous, SessionRequest window, LocalDate lastClosed) {
    LocalDate end = window.end().isAfter(lastClosed) ? lastClosed : window.end();
    if (end.isBefore(window.start()) && previous.isEmpty()) {
      return Optional.empty();
    }
    if (end.isBefore(window.start())) {
      return previous;
    }
    return Optional.of(previous.filter(p -> p.isAfter(end)).orElse(end));
  }

  /**
   * The windows of {@code --retry-failed}: each failed window of {@code c} as it was recorded, cut into windows of
   * at most {@code windowDays} days, in day order.
   */
  public static List<SessionRequest> failed(Checkpoint c, int windowDays, boolean accountLevel, OptionalInt hour) {
    List<SessionRequest> out = new ArrayList<>();
    for (Checkpoint.FailedWindow f : c.failedWindows()) {
      out.addAll(split(f.start(), f.end(), windowDays, accountLevel, hour));
    }
    return out;
  }
}
