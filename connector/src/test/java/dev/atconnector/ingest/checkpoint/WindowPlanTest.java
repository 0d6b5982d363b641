package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.source.SessionRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
  private static final LocalDate D = LocalDate.of(2019, 1, 1);
  private static final SourceId SRC = new SourceId("h", "s", false, OptionalInt.empty(), "p-");

  @Test
  void aHundredDaysInFifteenDayWindowsAreSevenContiguousWindows() {
    List<SessionRequest> w = WindowPlan.split(D, D.plusDays(99), 15, false, OptionalInt.empty());
    assertThat(w).hasSize(7);
    assertThat(w.get(0).start()).isEqualTo(D);
    assertThat(w.get(6).end()).isEqualTo(D.plusDays(99));
    for (int i = 1; i < w.size(); i++) {
      assertThat(w.get(i).start()).isEqualTo(w.get(i - 1).end().plusDays(1));
    }
    assertThat(WindowPlan.split(D.plusDays(1), D, 15, false, OptionalInt.empty())).isEmpty();
  }

  @Test
  void continuesAfterCompletedThroughUnlessRereading() {
    assertThat(WindowPlan.firstUnfinished(Optional.of(D.plusDays(29)), D, false)).isEqualTo(D.plusDays(30));
    assertThat(WindowPlan.firstUnfinished(Optional.of(D.plusDays(29)), D, true)).isEqualTo(D);
    assertThat(WindowPlan.firstUnfinished(Optional.empty(), D, false)).isEqualTo(D);
    // a later start than the mark: the start wins
    assertThat(WindowPlan.firstUnfinished(Optional.of(D), D.plusDays(5), false)).isEqualTo(D.plusDays(5));
  }

  @Test
  void aStartBeforeTheRangeOrAfterAGapStartsTheCheckpointOver() {
    Checkpoint c = Checkpoint.fresh(SRC, D, D.plusDays(40), Instant.EPOCH)
        .withCompleted(Optional.of(D.plusDays(29)), Checkpoint.Counts.ZERO);
    assertThat(WindowPlan.continues(c, D)).isTrue();
    assertThat(WindowPlan.continues(c, D.plusDays(10))).isTrue();
    assertThat(WindowPlan.continues(c, D.plusDays(30))).isTrue();
    assertThat(WindowPlan.continues(c, D.plusDays(31))).as("gap").isFalse();
    assertThat(WindowPlan.continues(c, D.minusDays(1))).as("earlier").isFalse();
  }

  @Test
  void theMarkNeverPassesTheLastDayClosedBeforeNowMinusLag() {
    Instant now = Instant.parse("2019-03-10T00:30:00Z");
    LocalDate closed = WindowPlan.lastClosedDay(now, Duration.ofHours(1));
    // 00:30 minus 1 h is still 03-09: that day may get late events, so 03-08 is the last closed one
    assertThat(closed).isEqualTo(LocalDate.of(2019, 3, 8));
    assertThat(WindowPlan.lastClosedDay(Instant.parse("2019-03-10T02:00:00Z"), Duration.ofHours(1)))
        .isEqualTo(LocalDate.of(2019, 3, 9));

    SessionRequest past = new SessionRequest(LocalDate.of(2019, 2, 1), LocalDate.of(2019, 2, 15), false,
        OptionalInt.empty());
    assertThat(WindowPlan.advance(Optional.empty(), past, closed)).contains(LocalDate.of(2019, 2, 15));
    SessionRequest reaching = new SessionRequest(LocalDate.of(2019, 3, 1), LocalDate.of(2019, 3, 10), false,
        OptionalInt.empty());
    assertThat(WindowPlan.advance(Optional.of(LocalDate.of(2019, 2, 28)), reaching, closed)).contains(closed);
    SessionRequest open = new SessionRequest(LocalDate.of(2019, 3, 9), LocalDate.of(2019, 3, 10), false,
        OptionalInt.empty());
    assertThat(WindowPlan.advance(Optional.of(closed), open, closed)).contains(closed);
    assertThat(WindowPlan.advance(Optional.empty(), open, closed)).isEmpty();
    // never backwards (a --reread of earlier days)
    assertThat(WindowPlan.advance(Optional.of(LocalDate.of(2019, 3, 1)), past, closed))
        .contains(LocalDate.of(2019, 3, 1));
  }

  @Test
  void theDocumentRoundTripsAndTheIdIsReadable() {
    SourceId src = new SourceId("activity-tracker.ng.bluemix.net", "c1234", true, OptionalInt.of(7), "at-");
    assertThat(src.id()).isEqualTo("activity-tracker.ng.bluemix.net/c1234/account/hour-07/at-");
    Checkpoint c = Checkpoint.fresh(src, D, D.plusDays(99), Instant.parse("2019-05-01T00:00:00Z"))
        .withCompleted(Optional.of(D.plusDays(14)), new Checkpoint.Counts(1, 10, 8, 1, 1))
        .withOpenSession(Optional.of(new Checkpoint.OpenSession("sess-1", D.plusDays(15), D.plusDays(29),
            Instant.parse("2019-05-01T00:00:01Z"))))
        .withLease(Optional.of(new Checkpoint.Lease("host/1/u", Instant.parse("2019-05-01T00:02:00Z"))))
        .withLastError(Optional.of(new Checkpoint.LastError("boom", Instant.parse("2019-04-30T00:00:00Z"))));
    assertThat(CheckpointJson.fromJson(src.id(), CheckpointJson.toJson(c))).isEqualTo(c);
    Checkpoint bare = Checkpoint.fresh(SRC, D, D, Instant.EPOCH);
    assertThat(CheckpointJson.fromJson(SRC.id(), CheckpointJson.toJson(bare))).isEqualTo(bare);
  }
}
