package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.WindowPlan;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.fault.FaultCounters;
import dev.atconnector.sim.session.SessionLogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --follow} picks up late events; two processes on one source never hold sessions at the same time. */
@ExtendWith(ElasticsearchExtension.class)
class FollowAndLeaseIT {
  private static Simulator.Builder sim() {
    return Simulator.builder().seed(31).eventsPerDay(40).gzipLevel(1).token(Harness.TOKEN, "it@example.com");
  }

  @Test
  void followPicksUpEventsTheServiceAddsLater(EsEndpoint es, @TempDir Path dir) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate start = today.minusDays(2);
    try (Harness h = new Harness(es, "follow"); Simulator s = sim().start()) {
      ChildConnector c = ChildConnector.start(h, s, dir, "follow", "--start", start.toString(), "--follow",
          "--poll-interval", "1s");
      try {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> new HashSet<>(h.eventIds())
            .equals(new HashSet<>(s.expected(Harness.SPACE, false, start, today, OptionalInt.empty()).ids())));
        // issue 16: a poll whose open days did not change (the service's status) opens no session; at a 1 s poll,
        // 4 s without a new session means several polls skipped (the first look, at once, only takes the count)
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger(-1);
        await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(4))
            .until(() -> seen.getAndSet(s.sessionLog().size()) == s.sessionLog().size());
        int sessionsBefore = s.sessionLog().size();
        s.addEvents(Harness.SPACE, false, today, 7);
        Set<String> expected = new HashSet<>(s.expected(Harness.SPACE, false, start, today, OptionalInt.empty())
            .ids());
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> new HashSet<>(h.eventIds()).equals(expected));
        assertThat(s.sessionLog().size()).as("picked up by a later poll").isGreaterThan(sessionsBefore);
        assertThat(c.process.isAlive()).as("follow runs until stopped").isTrue();
        c.process.destroy();
        assertThat(c.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        c.process.destroyForcibly();
      }
      assertThat(c.process.exitValue()).as(c.describe()).isEqualTo(ExitCodes.OK);
      List<String> ids = h.eventIds();
      assertThat(new HashSet<>(ids)).hasSize(ids.size());
      Checkpoint cp = CheckpointIngestIT.checkpoint(h, s);
      LocalDate closed = WindowPlan.lastClosedDay(Instant.now(), Duration.ofHours(1));
      assertThat(cp.completedThrough().orElse(start.minusDays(1))).as("never past the last closed day")
          .isBeforeOrEqualTo(closed).isBefore(today);
      assertThat(cp.openSession()).isEmpty();
      assertThat(s.stats().sessions().open()).isEmpty();
    }
  }

  @Test
  void followDeletesASessionItCouldNotDeleteBeforeItsNextPass(EsEndpoint es, @TempDir Path dir) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Faults deletesFail = new Faults(0, 0, 0, 1, 0, 0, 1, false, 0, 0, 0, 6);
    try (Harness h = new Harness(es, "leak"); Simulator s = sim().faults(deletesFail).start()) {
      ChildConnector c = ChildConnector.start(h, s, dir, "leak", "--start", today.toString(), "--follow",
          "--poll-interval", "1s");
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> s.stats().faults()
            .getOrDefault(FaultCounters.FAIL_DELETES, 0L) == 6L);
        await().atMost(Duration.ofMinutes(1)).until(() -> s.stats().sessions().open().isEmpty()
            && s.stats().sessions().deleted() == s.stats().sessions().created());
        assertThat(c.process.isAlive()).as("without a restart").isTrue();
        assertThat(c.stderr()).contains("stays recorded in the checkpoint");
        c.process.destroy();
        assertThat(c.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        c.process.destroyForcibly();
      }
      assertThat(c.process.exitValue()).as(c.describe()).isEqualTo(ExitCodes.OK);
      assertThat(s.stats().sessions().open()).isEmpty();
      assertThat(CheckpointIngestIT.checkpoint(h, s).openSession()).isEmpty();
    }
  }

  @Test
  void aSecondProcessOnTheSameSourceIsTurnedAwayAndSessionsNeverOverlap(EsEndpoint es, @TempDir Path dir)
      throws Exception {
    LocalDate start = LocalDate.of(2019, 3, 1);
    String[] range = {"--start", start.toString(), "--end", start.plusDays(59).toString(), "--window-days", "15"};
    Faults slow = new Faults(0, 0, 0, 1, 60_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "overlap"); Simulator s = sim().faults(slow).start()) {
      ChildConnector a = ChildConnector.start(h, s, dir, "a", range);
      ChildConnector b = ChildConnector.start(h, s, dir, "b", range);
      assertThat(a.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(b.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      // both started together: one took the lease, the other was turned away (or found everything done)
      List<Integer> codes = List.of(a.process.exitValue(), b.process.exitValue());
      assertThat(codes).as(a.describe() + "\n" + b.describe()).contains(ExitCodes.OK)
          .allMatch(code -> code == ExitCodes.OK || code == ExitCodes.LEASED);
      ChildConnector c = ChildConnector.start(h, s, dir, "c", range);
      await().atMost(Duration.ofMinutes(1)).until(() -> !c.process.isAlive());
      assertThat(c.process.exitValue()).as(c.describe()).isEqualTo(ExitCodes.OK);

      List<SessionLogEntry> log = s.sessionLog();
      assertThat(log).hasSize(4);
      for (int i = 1; i < log.size(); i++) {
        assertThat(log.get(i).createdAt()).as("session %d starts after session %d was deleted", i, i - 1)
            .isAfterOrEqualTo(log.get(i - 1).deletedAt());
      }
      CheckpointIngestIT.assertExactly(h, s.expected(Harness.SPACE, false, start, start.plusDays(59),
          OptionalInt.empty()));
    }
  }
}
