package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.MutableClock;
import dev.atconnector.ingest.cli.CliCapture;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.SimStats;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `ingest` deletes the sessions a crashed earlier run left open, and leaves recently used ones alone. */
@ExtendWith(ElasticsearchExtension.class)
class CliIngestPruneIT {
  @Test
  void ingestPrunesStaleSessionsAtStart(EsEndpoint es) throws IOException {
    Instant now = Instant.now();
    MutableClock clock = new MutableClock(now.minus(Duration.ofHours(7)));
    try (Harness h = new Harness(es, "prune");
        Simulator s = Simulator.builder().seed(2).eventsPerDay(50).token(Harness.TOKEN, "it@example.com")
            .clock(clock).start();
        CliCapture cli = new CliCapture(Map.of("AT_TOKEN", Harness.TOKEN, "AT_ENDPOINT", s.baseUrl(),
            "AT_SPACE_ID", Harness.SPACE))) {
      assertThat(cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-01").code()).isZero();
      String stale = s.stats().sessions().open().get(0).id();
      clock.set(now.minus(Duration.ofHours(1)));
      assertThat(cli.run("session", "create", "-s", "2019-07-02", "-e", "2019-07-02").code()).isZero();
      clock.set(now);

      Harness.Run run = h.ingest(s, "--start", "2019-07-01", "--end", "2019-07-01");

      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      SimStats.Sessions sessions = s.stats().sessions();
      assertThat(sessions.open()).hasSize(1);
      assertThat(sessions.open().get(0).id()).isNotEqualTo(stale);
      assertThat(sessions.deleted()).as("the stale one and the run's own").isEqualTo(2);
      assertThat(cli.everything()).contains("pruned session " + stale);
    }
  }
}
