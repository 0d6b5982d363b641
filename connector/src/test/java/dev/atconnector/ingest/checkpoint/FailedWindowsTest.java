package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.checkpoint.Checkpoint.FailedWindow;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 15 part 2: the checkpoint never claims a day of a failed window; scheduling goes past it. */
class FailedWindowsTest {
  private static final LocalDate D = LocalDate.of(2026, 1, 1);
  private static final SourceId SRC = new SourceId("h", "s", false, OptionalInt.empty(), "p-");
  private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-02-02T00:00:00Z");

  private static List<FailedWindow> failedOn(LocalDate from, LocalDate to) {
    return FailedWindows.record(List.of(), from, to, "corrupt", 6, List.of("s1"), T1);
  }

  @Test
  void completedThroughStopsBeforeTheFirstFailedWindowWhilePassedThroughGoesOn() {
    List<FailedWindow> failed = failedOn(D.plusDays(1), D.plusDays(1));
    assertThat(FailedWindows.completed(D, Optional.of(D.plusDays(2)), failed)).contains(D);
    assertThat(FailedWindows.completed(D, Optional.of(D.plusDays(2)), List.of())).contains(D.plusDays(2));
    // the first window failed: nothing is done at all
    assertThat(FailedWindows.completed(D, Optional.of(D.plusDays(2)), failedOn(D, D))).isEmpty();
    // a failed window not reached yet by passed_through (a follow window still open) changes nothing
    assertThat(FailedWindows.completed(D, Optional.of(D), failedOn(D.plusDays(5), D.plusDays(5)))).contains(D);
    assertThat(FailedWindows.completed(D, Optional.empty(), failed)).isEmpty();

    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(2), T1)
        .withProgress(Optional.of(D.plusDays(2)), failed, new Checkpoint.Counts(2, 10, 10, 0, 0));
    assertThat(c.completedThrough()).contains(D);
    assertThat(c.passedThrough()).contains(D.plusDays(2));
    assertThat(WindowPlan.firstUnfinished(c.passedThrough(), D, false)).as("later runs continue after it")
        .isEqualTo(D.plusDays(3));
    assertThat(WindowPlan.continues(c, D.plusDays(3))).as("a start after the failed window continues").isTrue();
  }

  @Test
  void readingAFailedWindowClearsItAndCompletedThroughJumpsToPassedThrough() {
    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(2), T1)
        .withProgress(Optional.of(D.plusDays(2)), failedOn(D.plusDays(1), D.plusDays(1)), Checkpoint.Counts.ZERO);
    Checkpoint retried = c.withProgress(c.passedThrough(),
        FailedWindows.clear(c.failedWindows(), D.plusDays(1), D.plusDays(1)), new Checkpoint.Counts(1, 5, 5, 0, 0));
    assertThat(retried.failedWindows()).isEmpty();
    assertThat(retried.completedThrough()).contains(D.plusDays(2));
    assertThat(retried.counts().windows()).isEqualTo(1);
  }

  @Test
  void aWindowReadOverPartOfAFailedOneClearsOnlyThoseDays() {
    List<FailedWindow> failed = failedOn(D, D.plusDays(14));
    List<FailedWindow> left = FailedWindows.clear(failed, D.plusDays(5), D.plusDays(6));
    assertThat(left).extracting(FailedWindow::toString).containsExactly("2026-01-01..2026-01-05",
        "2026-01-08..2026-01-15");
    assertThat(left).allSatisfy(f -> {
      assertThat(f.reason()).isEqualTo("corrupt");
      assertThat(f.attempts()).isEqualTo(6);
    });
    assertThat(FailedWindows.clear(failed, D.minusDays(3), D.plusDays(20))).isEmpty();
    assertThat(FailedWindows.clear(failed, D.plusDays(20), D.plusDays(21))).isEqualTo(failed);
  }

  @Test
  void failingAgainAddsUpAttemptsAndSessionsAndKeepsTheFirstTime() {
    List<FailedWindow> once = failedOn(D.plusDays(1), D.plusDays(1));
    List<FailedWindow> twice = FailedWindows.record(once, D.plusDays(1), D.plusDays(1), "still corrupt", 6,
        List.of("s2"), T2);
    assertThat(twice).singleElement().satisfies(f -> {
      assertThat(f.attempts()).isEqualTo(12);
      assertThat(f.sessions()).containsExactly("s1", "s2");
      assertThat(f.firstFailedAt()).isEqualTo(T1);
      assertThat(f.failedAt()).isEqualTo(T2);
      assertThat(f.reason()).isEqualTo("still corrupt");
    });
    // other windows stay, in day order
    List<FailedWindow> two = FailedWindows.record(twice, D, D, "bad", 2, List.of("s0"), T2);
    assertThat(two).extracting(FailedWindow::start).containsExactly(D, D.plusDays(1));
    // the session list is bounded
    List<FailedWindow> many = once;
    for (int i = 0; i < 20; i++) {
      many = FailedWindows.record(many, D.plusDays(1), D.plusDays(1), "x", 1, List.of("t" + i), T2);
    }
    assertThat(many.get(0).sessions()).hasSize(FailedWindow.MAX_SESSIONS).endsWith("t19");
  }

  @Test
  void retryFailedPlansExactlyTheFailedWindowsCutToTheWindowSize() {
    List<FailedWindow> failed = FailedWindows.record(failedOn(D.plusDays(1), D.plusDays(1)), D.plusDays(10),
        D.plusDays(29), "x", 1, List.of(), T1);
    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(40), T1)
        .withProgress(Optional.of(D.plusDays(40)), failed, Checkpoint.Counts.ZERO);
    List<SessionRequest> plan = WindowPlan.failed(c, 15, false, OptionalInt.empty());
    assertThat(plan).extracting(w -> w.start() + ".." + w.end()).containsExactly("2026-01-02..2026-01-02",
        "2026-01-11..2026-01-25", "2026-01-26..2026-01-30");
    assertThat(c.completedThrough()).contains(D);
  }

  @Test
  void aRangeStartedOverAfterTheFailedWindowsForgetsThemAndOneBeforeKeepsThem() {
    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(9), T1)
        .withProgress(Optional.of(D.plusDays(9)), failedOn(D.plusDays(1), D.plusDays(1)), Checkpoint.Counts.ZERO);
    assertThat(c.withRange(D.plusDays(20), D.plusDays(30), Optional.empty()).failedWindows()).isEmpty();
    Checkpoint earlier = c.withRange(D.minusDays(5), D.plusDays(30), Optional.empty());
    assertThat(earlier.failedWindows()).hasSize(1);
    assertThat(earlier.completedThrough()).isEmpty();
    // a follow pass moving the end keeps everything
    Checkpoint moved = c.withRange(D, D.plusDays(10), c.passedThrough());
    assertThat(moved.completedThrough()).contains(D);
    assertThat(moved.passedThrough()).contains(D.plusDays(9));
  }

  @Test
  void theDocumentRoundTripsWithFailedWindowsAndAnOlderDocumentReadsAsPassedThroughItsMark() {
    List<FailedWindow> failed = FailedWindows.record(failedOn(D.plusDays(1), D.plusDays(1)), D.plusDays(3),
        D.plusDays(4), "damaged \"gzip\"", 3, List.of("a", "b"), T2);
    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(9), T1)
        .withProgress(Optional.of(D.plusDays(9)), failed, new Checkpoint.Counts(3, 1, 1, 0, 0));
    var json = CheckpointJson.toJson(c);
    assertThat(json.path("completed_through").asText()).isEqualTo("2026-01-01");
    assertThat(json.path("passed_through").asText()).isEqualTo("2026-01-10");
    assertThat(json.path("failed_windows").get(0).path("sessions").get(0).asText()).isEqualTo("s1");
    assertThat(json.path("failed_windows").get(1).path("first_failed_at").asText()).isEqualTo(T2.toString());
    assertThat(CheckpointJson.fromJson(SRC.id(), json)).isEqualTo(c);

    var old = CheckpointJson.toJson(Checkpoint.fresh(SRC, D, D.plusDays(9), T1)
        .withCompleted(Optional.of(D.plusDays(4)), Checkpoint.Counts.ZERO));
    old.remove("passed_through");
    old.remove("failed_windows");
    Checkpoint read = CheckpointJson.fromJson(SRC.id(), old);
    assertThat(read.passedThrough()).contains(D.plusDays(4));
    assertThat(read.failedWindows()).isEmpty();
  }

  @Test
  void manyFailedWindowsNeverLetCompletedThroughPassTheFirst() {
    List<FailedWindow> failed = List.of();
    for (int day : IntStream.of(7, 3, 12).toArray()) {
      failed = FailedWindows.record(failed, D.plusDays(day), D.plusDays(day), "x", 1, List.of(), T1);
    }
    assertThat(failed).extracting(FailedWindow::start).containsExactly(D.plusDays(3), D.plusDays(7),
        D.plusDays(12));
    assertThat(FailedWindows.completed(D, Optional.of(D.plusDays(20)), failed)).contains(D.plusDays(2));
    failed = FailedWindows.clear(failed, D.plusDays(3), D.plusDays(3));
    assertThat(FailedWindows.completed(D, Optional.of(D.plusDays(20)), failed)).contains(D.plusDays(6));
  }
}
