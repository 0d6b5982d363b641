package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: SIGTERM (as from Ctrl-C or a scheduler) mid-download deletes the session. */
@ExtendWith(ElasticsearchExtension.class)
class SignalIT {
  @Test
  void aSignalMidDownloadDeletesTheSessionAndExits130(EsEndpoint es, @TempDir Path dir) throws Exception {
    Path jar = Paths.get("target", "at-connector.jar").toAbsolutePath();
    assertThat(jar).exists();
    Faults slow = new Faults(0, 0, 0, 1, 50_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "signal");
        Simulator s = Simulator.builder().seed(3).eventsPerDay(5000).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString(),
          "ingest", "--start", "2019-08-01", "--end", "2019-08-01", "--index-prefix", h.prefix))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("AT_TOKEN", Harness.TOKEN);
      pb.environment().put("AT_ENDPOINT", s.baseUrl());
      pb.environment().put("AT_SPACE_ID", Harness.SPACE);
      pb.environment().put("ES_URL", es.uri().toString());
      Process p = pb.start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> s.stats().downloads().started() > 0
            && s.stats().downloads().bytes() > 20_000);
        assertThat(s.stats().sessions().open()).hasSize(1);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("stdout:\n%s\nstderr:\n%s", stdout, stderr).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(stdout).contains("at-connector ingest interrupted: read=");
      assertThat(s.stats().sessions().open()).isEmpty();
      assertThat(s.stats().sessions().deleted()).isEqualTo(1);
      assertThat(stdout + stderr).doesNotContain(Harness.TOKEN);
    }
  }
}
