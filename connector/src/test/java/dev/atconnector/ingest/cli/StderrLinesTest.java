package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StderrLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StringWriter target = new StringWriter();
  private final StderrLines err = StderrLines.of(new PrintWriter(target),
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC));

  @Test
  void textPassesThroughUnchanged() {
    err.print("at-connector: half");
    err.println(" a line");
    err.print("no end yet");
    err.flush();

    assertThat(target.toString()).isEqualTo("at-connector: half a line" + System.lineSeparator() + "no end yet");
  }

  @Test
  void jsonTurnsEachLineIntoOneEcsObject() throws Exception {
    err.json(true);
    err.print("at-connector: sink failed, ");
    err.println("exit 5");
    err.println("warning: \"quoted\" \u00e9");
    err.print("Download completed\nsecond\n");
    err.print("unfinished");
    err.flush();

    List<String> lines = target.toString().lines().toList();
    assertThat(lines).hasSize(4);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.path("@timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
    assertThat(first.path("log.level").asText()).isEqualTo("ERROR");
    assertThat(first.path("message").asText()).isEqualTo("at-connector: sink failed, exit 5");
    assertThat(first.path("service.name").asText()).isEqualTo("at-connector");
    assertThat(first.path("ecs.version").asText()).isEqualTo("1.2.0");
    assertThat(JSON.readTree(lines.get(1)).path("log.level").asText()).isEqualTo("WARN");
    assertThat(JSON.readTree(lines.get(1)).path("message").asText()).isEqualTo("warning: \"quoted\" \u00e9");
    assertThat(JSON.readTree(lines.get(2)).path("log.level").asText()).isEqualTo("INFO");
    assertThat(JSON.readTree(lines.get(3)).path("message").asText()).isEqualTo("second");

    err.close();
    assertThat(target.toString().lines().toList()).hasSize(5);
    assertThat(JSON.readTree(target.toString().lines().toList().get(4)).path("message").asText())
        .isEqualTo("unfinished");
  }

  @Test
  void aGracefulStopIsInformationNotAnError() throws Exception {
    err.json(true);
    err.println("at-connector: source=a stopped; the checkpoint is at the last finished window");
    err.println("at-connector: stopped; no session is left open");

    for (String line : target.toString().lines().toList()) {
      assertThat(JSON.readTree(line).path("log.level").asText()).as(line).isEqualTo("INFO");
    }
  }

  @Test
  void theCliAndItsIngestRunnerShareOneStderr() {
    assertThat(StderrLines.of(err)).isSameAs(err);
  }
}
