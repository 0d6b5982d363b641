package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17 part 4: a real ingest with {@code --output json --log-format json} and the short flags prints one JSON
 * object for its source and a total on stdout, and only JSON on stderr, where the run's error lines go.
 */
@ExtendWith(ElasticsearchExtension.class)
class CliOutputJsonIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ingestSummarisesInJsonAndWritesOnlyJsonToStderr(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "outputjson");
        Simulator s = Simulator.builder().seed(4).eventsPerDay(40).token(Harness.TOKEN, "it@example.com").start()) {
      Harness.Run run = h.ingest(s, "-s", "2019-07-01", "-e", "2019-07-01", "--output", "json",
          "--log-format", "json");

      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      List<JsonNode> out = lines(run.out());
      assertThat(out).as(run.out()).hasSize(2);
      JsonNode source = out.get(0);
      assertThat(source.path("type").asText()).isEqualTo("source");
      assertThat(source.path("source").asText()).isEqualTo("cli");
      assertThat(source.path("outcome").asText()).isEqualTo("ok");
      assertThat(source.path("read").asLong()).isPositive();
      assertThat(source.path("read").asLong()).isEqualTo(source.path("indexed").asLong()
          + source.path("duplicates").asLong() + source.path("dead_lettered").asLong());
      assertThat(source.path("sessions").asLong()).isEqualTo(1);
      JsonNode total = out.get(1);
      assertThat(total.path("type").asText()).isEqualTo("total");
      assertThat(total.path("exit_code").asInt()).isZero();
      assertThat(total.path("read").asLong()).isEqualTo(source.path("read").asLong());

      // a run refused for a bad flag value: its error line is JSON too
      Harness.Run bad = h.ingest(s, "-s", "2019-07-01", "-e", "2019-07-01", "--output", "json", "--log-format",
          "json", "--batch-docs", "0");
      assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
      for (JsonNode line : lines(bad.err())) {
        assertThat(line.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(line.path("message").asText()).contains("--batch-docs");
      }
      assertThat(lines(bad.err())).hasSize(1);
    }
  }

  private static List<JsonNode> lines(String text) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }
}
