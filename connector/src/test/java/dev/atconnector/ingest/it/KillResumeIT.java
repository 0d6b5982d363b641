package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at several points of a 100-day backfill (a child JVM, {@code destroyForcibly}); each restart
 * deletes the session the killed run left open and continues from the first unfinished window, and the final index
 * holds exactly the expected events.
 */
@ExtendWith(ElasticsearchExtension.class)
class KillResumeIT {
  private static final LocalDate START = LocalDate.of(2019, 1, 1);
  private static final LocalDate END = START.plusDays(99);
  private static final String[] RANGE = {"--start", START.toString(), "--end", END.toString(), "--window-days", "15"};

  @Test
  void killedAtAnyPointTheNextRunsEndWithExactlyTheExpectedEvents(EsEndpoint es, @TempDir Path dir)
      throws Exception {
    // slow downloads (about 2 s per window of 750 events, polled every 50 ms), so the moments below are mid-window
    Faults slow = new Faults(0, 0, 0, 1, 80_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "kill9");
        Simulator s = Simulator.builder().seed(21).eventsPerDay(50).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());

      // 1: right after the first window's checkpoint
      killWhen(h, s, dir, "first", c -> c.completedThrough().isPresent());
      Checkpoint afterFirst = CheckpointIngestIT.checkpoint(h, s);
      assertThat(afterFirst.completedThrough()).isPresent();

      // 2: mid-download of a later window (its session recorded, bytes flowing)
      LocalDate beyond = afterFirst.completedThrough().get().plusDays(15);
      long bytesBefore = s.stats().downloads().bytes();
      killWhen(h, s, dir, "later", c -> c.completedThrough().filter(d -> !d.isBefore(beyond)).isPresent()
          && c.openSession().filter(o -> !o.pending()).isPresent()
          && s.stats().downloads().bytes() > bytesBefore + 20_000);
      Checkpoint afterSecond = CheckpointIngestIT.checkpoint(h, s);
      assertThat(afterSecond.openSession()).as("the killed run's session is recorded").isPresent();
      assertThat(s.stats().sessions().open()).as("kill -9 leaves the session open")
          .extracting(o -> o.id()).contains(afterSecond.openSession().get().id());

      // 3: to the end
      ChildConnector last = ChildConnector.start(h, s, dir, "last", RANGE);
      assertThat(last.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(last.process.exitValue()).as(last.describe()).isEqualTo(ExitCodes.OK);

      CheckpointIngestIT.assertExactly(h, expected);
      assertThat(h.eventIds()).hasSize((int) expected.count());
      Checkpoint done = CheckpointIngestIT.checkpoint(h, s);
      assertThat(done.completedThrough()).contains(END);
      assertThat(done.openSession()).isEmpty();
      assertThat(s.stats().sessions().open()).as("no session left open").isEmpty();
      assertThat(s.stats().sessions().deleted()).isEqualTo(s.stats().sessions().created());
      assertThat(last.stderr()).contains("left open by an earlier run")
          .containsPattern("took back \\d+ documents session \\S+ stored before its run ended");
      assertThat(s.stats().sessions().created()).as("each kill re-reads at most its window")
          .isLessThanOrEqualTo(7 + 2);
    }
  }

  private static void killWhen(Harness h, Simulator s, Path dir, String name, Predicate<Checkpoint> moment)
      throws Exception {
    ChildConnector.start(h, s, dir, name, RANGE)
        .killWhen(() -> exists(h, s) && moment.test(CheckpointIngestIT.checkpoint(h, s)));
  }

  private static boolean exists(Harness h, Simulator s) {
    try {
      CheckpointIngestIT.checkpoint(h, s);
      return true;
    } catch (java.util.NoSuchElementException e) {
      return false; // not written yet
    } catch (dev.atconnector.ingest.checkpoint.CheckpointException e) {
      if (e.status() == 503) {
        return false; // the index was just created; its shard is not allocated yet
      }
      throw e;
    }
  }
}
