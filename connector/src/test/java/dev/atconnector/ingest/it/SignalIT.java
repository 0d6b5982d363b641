package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: SIGTERM (as from Ctrl-C or a scheduler) mid-download stops gracefully (issue
 * 6): what was read is indexed, the window stays unfinished in the checkpoint, the session is deleted, exit 0.
 */
@ExtendWith(ElasticsearchExtension.class)
class SignalIT {
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
      assertThat(cp.openSession()).isEmpty();
      assertThat(cp.lease()).isEmpty();
      assertThat(c.stdout() + c.stderr()).doesNotContain(Harness.TOKEN);
    }
  }
}
