package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.FailedWindows;
import dev.atconnector.ingest.checkpoint.SourceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CheckpointsCommandTest {
  private static final SourceId SRC = new SourceId("at.example", "sp", false, OptionalInt.empty(), "at-");
  private static final Instant NOW = Instant.parse("2019-06-03T06:30:00Z");

  @Test
  void lagIsFromTheEndOfTheLastDoneDay() {
    Checkpoint c = Checkpoint.fresh(SRC, LocalDate.of(2019, 5, 1), LocalDate.of(2019, 6, 3), NOW)
        .withCompleted(Optional.of(LocalDate.of(2019, 6, 1)), Checkpoint.Counts.ZERO);
    ObjectNode row = CheckpointsCommand.row(c, NOW);
    assertThat(row.path("source").asText()).isEqualTo("at.example/sp/space/all-hours/at-");
    assertThat(row.path("completed_through").asText()).isEqualTo("2019-06-01");
    assertThat(row.path("lag").asText()).isEqualTo("1d 6h");
    assertThat(row.path("lag_seconds").asLong()).isEqualTo(30 * 3600 + 1800);
    assertThat(row.path("open_session_text").asText()).isEqualTo("-");
  }

  @Test
  void showsAnExpiredLeaseTheOpenSessionAndTheLastError() {
    Checkpoint c = Checkpoint.fresh(SRC, LocalDate.of(2019, 5, 1), LocalDate.of(2019, 6, 3), NOW)
        .withLease(Optional.of(new Checkpoint.Lease("h/1/u", NOW.minusSeconds(60))))
        .withOpenSession(Optional.of(new Checkpoint.OpenSession("s-9", LocalDate.of(2019, 5, 1),
            LocalDate.of(2019, 5, 15), NOW)))
        .withLastError(Optional.of(new Checkpoint.LastError("Activity Tracker failed: 503", NOW)));
    ObjectNode row = CheckpointsCommand.row(c, NOW);
    assertThat(row.path("lag").asText()).isEqualTo("not started");
    assertThat(row.path("lease_text").asText()).isEqualTo("expired: h/1/u until 2019-06-03T06:29:00Z");
    assertThat(row.path("open_session_text").asText()).isEqualTo("s-9 (2019-05-01..2019-05-15)");
    assertThat(row.path("last_error_text").asText()).contains("503");
  }

  @Test
  void showsWhoHoldsALiveLeaseAndSinceWhen() {
    Checkpoint c = Checkpoint.fresh(SRC, LocalDate.of(2019, 5, 1), LocalDate.of(2019, 6, 3), NOW)
        .withLease(Optional.of(new Checkpoint.Lease("h/2/v", NOW.plusSeconds(60), NOW.minusSeconds(3600))));
    ObjectNode row = CheckpointsCommand.row(c, NOW);
    assertThat(row.path("lease_text").asText())
        .isEqualTo("h/2/v since 2019-06-03T05:30:00Z until 2019-06-03T06:31:00Z");
    assertThat(row.path("holder").asText()).isEqualTo("h/2/v");
    assertThat(row.path("held_since").asText()).isEqualTo("2019-06-03T05:30:00Z");
    assertThat(row.path("lease").path("since").asText()).isEqualTo("2019-06-03T05:30:00Z");
  }

  @Test
  void showsTheFailedWindowsWithTheirAttemptsSessionsAndReason() {
    Checkpoint c = Checkpoint.fresh(SRC, LocalDate.of(2019, 6, 1), LocalDate.of(2019, 6, 3), NOW)
        .withProgress(Optional.of(LocalDate.of(2019, 6, 3)), FailedWindows.record(java.util.List.of(),
            LocalDate.of(2019, 6, 2), LocalDate.of(2019, 6, 2), "download could not be decoded: CRC32", 6,
            java.util.List.of("s-1"), NOW), Checkpoint.Counts.ZERO);
    ObjectNode row = CheckpointsCommand.row(c, NOW);
    assertThat(row.path("completed_through").asText()).isEqualTo("2019-06-01");
    assertThat(row.path("passed_through").asText()).isEqualTo("2019-06-03");
    assertThat(row.path("failed_windows_count").asInt()).isEqualTo(1);
    assertThat(row.path("failed_windows_text").asText())
        .isEqualTo("2019-06-02 (6 attempts, last 2019-06-03T06:30:00Z, sessions s-1: download could not be decoded: "
            + "CRC32)");
    assertThat(row.path("failed_windows").get(0).path("attempts").asLong()).isEqualTo(6);
    assertThat(CheckpointsCommand.row(Checkpoint.fresh(SRC, LocalDate.of(2019, 6, 1), LocalDate.of(2019, 6, 3), NOW),
        NOW).path("failed_windows_text").asText()).isEqualTo("-");
  }
}
