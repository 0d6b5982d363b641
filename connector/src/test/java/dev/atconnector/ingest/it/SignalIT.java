package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.eslocal.LocalElasticsearch;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: SIGTERM (as from Ctrl-C or a scheduler) mid-download stops gracefully (issue
 * 6): what was read is indexed, the window stays unfinished in the checkpoint, the session is deleted, exit 0. A
 * second signal during that stop exits at once with 130, and the next start cleans up after it.
 */
@ExtendWith(ElasticsearchExtension.class)
class SignalIT {
  /** The graceful stop's flush limit (GracefulStop.FLUSH_LIMIT): a halt must come well before it. */
  private static final long GRACEFUL_FLUSH_SECONDS = 20;

  @Test
  void aSignalMidDownloadFlushesDeletesTheSessionAndExitsZero(EsEndpoint es, @TempDir Path dir) throws Exception {
    Faults slow = new Faults(0, 0, 0, 1, 50_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "signal");
        Simulator s = Simulator.builder().seed(3).eventsPerDay(5000).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      ChildConnector c = ChildConnector.start(h, s, dir, "run", "--start", "2019-08-01", "--end", "2019-08-01");
      Process p = c.process;
      long exited;
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> s.stats().downloads().started() > 0
            && s.stats().downloads().bytes() > 20_000);
        assertThat(s.stats().sessions().open()).hasSize(1);
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        exited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      } finally {
        p.destroyForcibly();
      }
      assertThat(p.exitValue()).as(c.describe()).isEqualTo(ExitCodes.OK);
      assertThat(exited).as("exits within 30 s").isLessThan(30);
      assertThat(c.stdout()).contains("at-connector ingest stopped: read=");
      Harness.Summary sum = new Harness.Run(0, c.stdout(), c.stderr()).summary();
      assertThat(sum.read()).as("stopped mid-download").isPositive().isLessThan(5000);
      assertThat(sum.indexed()).as("everything read was flushed").isEqualTo(sum.read());
      assertThat(h.eventIds()).hasSize((int) sum.indexed());
      assertThat(s.stats().sessions().open()).isEmpty();
      assertThat(s.stats().sessions().deleted()).isEqualTo(1);
      Checkpoint cp = CheckpointIngestIT.checkpoint(h, s);
      assertThat(cp.completedThrough()).as("the window did not finish").isEmpty();
      // one gzip member: what was stored was never vouched for by its CRC32, so the (deleted) session stays
      // recorded and the next start takes its documents back before reading the window again
      assertThat(cp.openSession()).hasValueSatisfying(o -> assertThat(o.deleted()).isTrue());
      assertThat(cp.lastError()).hasValueSatisfying(e -> assertThat(e.message()).contains("taken back"));
      assertThat(cp.lease()).isEmpty();
      assertThat(c.stdout() + c.stderr()).doesNotContain(Harness.TOKEN);
    }
  }

  /**
   * The graceful stop is kept busy by freezing the local Elasticsearch node (SIGSTOP: the flush waits on a bulk
   * request that cannot be answered), so the second signal surely lands inside it. Needs the node this JVM started.
   */
  @Test
  void aSecondSignalDuringTheStopExitsAtOnceAndTheNextStartCleansUp(EsEndpoint es, @TempDir Path dir)
      throws Exception {
    Optional<LocalElasticsearch> node = ElasticsearchExtension.localNode();
    assumeTrue(node.isPresent() && node.get().isRunning(), "needs the Elasticsearch node this JVM started");
    // slow enough to be mid-download at the first signal; the clean-up run reads the whole day at this pace too
    Faults slow = new Faults(0, 0, 0, 1, 100_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "signal2");
        Simulator s = Simulator.builder().seed(4).eventsPerDay(1000).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      ChildConnector c = ChildConnector.start(h, s, dir, "halted", "--start", "2019-08-01", "--end", "2019-08-01");
      Process p = c.process;
      long pid = node.get().pid();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> s.stats().downloads().bytes() > 20_000);
        signal("-STOP", pid);
        p.destroy(); // SIGTERM: the graceful stop starts and waits on the frozen node
        await().atMost(Duration.ofSeconds(20)).until(() -> c.stderr().contains("stopping gracefully"));
        long t0 = System.nanoTime();
        p.destroy(); // the second SIGTERM
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("exits at once").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("well before the 20 s flush limit")
            .isLessThan(GRACEFUL_FLUSH_SECONDS);
      } finally {
        signal("-CONT", pid);
        p.destroyForcibly();
      }
      assertThat(p.exitValue()).as(c.describe()).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(c.stderr()).contains("second signal: exiting now");
      assertThat(s.stats().sessions().open()).as("a halt deletes nothing").hasSize(1);

      Harness.Run next = h.ingest(s, "--start", "2019-08-01", "--end", "2019-08-01");
      assertThat(next.code()).as(next.toString()).isEqualTo(ExitCodes.OK);
      assertThat(s.stats().sessions().open()).as("the halted run's session was deleted by the next start").isEmpty();
      assertThat(s.stats().sessions().deleted()).isEqualTo(s.stats().sessions().created());
      assertThat(CheckpointIngestIT.checkpoint(h, s).openSession()).isEmpty();
      CheckpointIngestIT.assertExactly(h, s.expected(Harness.SPACE, false, LocalDate.of(2019, 8, 1),
          LocalDate.of(2019, 8, 1), OptionalInt.empty()));
    }
  }

  private static void signal(String which, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill " + which + " " + pid).isZero();
  }
}
