package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.source.SessionRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SummaryViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IngestSummary A = new IngestSummary(100, 90, 5, 5, 4096, 1, 2.0, 3);
  private static final IngestSummary B = new IngestSummary(50, 50, 0, 0, 1024, 2, 1.0, 0);
  private static final SessionRequest WINDOW = new SessionRequest(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 15),
      false, OptionalInt.empty());

  private final StringWriter out = new StringWriter();
  private final AtomicLong nanos = new AtomicLong();

  private SummaryView view(OutputFormat format) {
    return new SummaryView(new PrintWriter(out), format, nanos::get);
  }

  @Test
  void textLinesAreTheOnesScriptsGrep() {
    SummaryView v = view(OutputFormat.TABLE);

    v.source("ok", "", A, List.of());
    v.source("partial", "source=b ", B, List.of(WINDOW));
    v.sources("2 run, 1 ok, 1 with failed windows, 0 failed", Map.of("run", 2L));
    v.total(ExitCodes.WINDOWS_FAILED);

    assertThat(out.toString()).isEqualTo(String.join(System.lineSeparator(),
        "at-connector ingest ok: read=100 indexed=90 duplicates=5 dead_lettered=5 bytes=4096 sessions=1 seconds=2.0 "
            + "events_per_s=50 retracted=3",
        "at-connector ingest partial: source=b read=50 indexed=50 duplicates=0 dead_lettered=0 bytes=1024 sessions=2 "
            + "seconds=1.0 events_per_s=50 failed_windows=1",
        "at-connector ingest sources: 2 run, 1 ok, 1 with failed windows, 0 failed", ""));
  }

  @Test
  void textIsTheDefaultForTableAndText() {
    for (OutputFormat f : List.of(OutputFormat.TABLE, OutputFormat.TEXT)) {
      out.getBuffer().setLength(0);
      view(f).source("ok", "", A, List.of());
      assertThat(out.toString()).startsWith("at-connector ingest ok: read=100 ");
    }
  }

  @Test
  void jsonIsOneObjectPerSourceAndATotal() throws Exception {
    SummaryView v = view(OutputFormat.JSON);

    v.source("ok", "source=a ", A, List.of());
    v.source("partial", "source=b ", B, List.of(WINDOW));
    v.sources("2 run, 1 ok, 1 with failed windows, 0 failed", Map.of("run", 2L, "ok", 1L,
        "with_failed_windows", 1L, "failed", 0L));
    nanos.set(5_000_000_000L);
    v.total(ExitCodes.WINDOWS_FAILED);

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode a = JSON.readTree(lines.get(0));
    assertThat(a.path("type").asText()).isEqualTo("source");
    assertThat(a.path("source").asText()).isEqualTo("a");
    assertThat(a.path("outcome").asText()).isEqualTo("ok");
    assertThat(a.path("read").asLong()).isEqualTo(100);
    assertThat(a.path("indexed").asLong()).isEqualTo(90);
    assertThat(a.path("duplicates").asLong()).isEqualTo(5);
    assertThat(a.path("dead_lettered").asLong()).isEqualTo(5);
    assertThat(a.path("retracted").asLong()).isEqualTo(3);
    assertThat(a.path("bytes").asLong()).isEqualTo(4096);
    assertThat(a.path("sessions").asLong()).isEqualTo(1);
    assertThat(a.path("seconds").asDouble()).isEqualTo(2.0);
    assertThat(a.path("events_per_s").asLong()).isEqualTo(50);
    assertThat(a.path("failed_windows").asLong()).isZero();
    JsonNode b = JSON.readTree(lines.get(1));
    assertThat(b.path("outcome").asText()).isEqualTo("partial");
    assertThat(b.path("failed_windows").asLong()).isEqualTo(1);
    assertThat(b.path("failed_window_ranges").get(0).asText()).isEqualTo("2026-01-01..2026-01-15");
    JsonNode total = JSON.readTree(lines.get(2));
    assertThat(total.path("type").asText()).isEqualTo("total");
    assertThat(total.path("outcome").asText()).isEqualTo("partial");
    assertThat(total.path("exit_code").asInt()).isEqualTo(7);
    assertThat(total.path("read").asLong()).isEqualTo(150);
    assertThat(total.path("indexed").asLong()).isEqualTo(140);
    assertThat(total.path("bytes").asLong()).isEqualTo(5120);
    assertThat(total.path("sessions").asLong()).isEqualTo(3);
    assertThat(total.path("failed_windows").asLong()).isEqualTo(1);
    assertThat(total.path("seconds").asDouble()).isEqualTo(5.0);
    assertThat(total.path("events_per_s").asLong()).isEqualTo(30);
    assertThat(total.path("sources").path("with_failed_windows").asLong()).isEqualTo(1);
  }

  @Test
  void aSingleSourceIsNamedCliAsInItsMetricsAndAFailureIsTheTotalsOutcome() throws Exception {
    SummaryView v = view(OutputFormat.JSON);

    v.source("sink-failure", "", B, List.of());
    v.total(ExitCodes.SINK);

    List<String> lines = out.toString().lines().toList();
    assertThat(JSON.readTree(lines.get(0)).path("source").asText()).isEqualTo("cli");
    assertThat(JSON.readTree(lines.get(0)).path("outcome").asText()).isEqualTo("sink-failure");
    assertThat(JSON.readTree(lines.get(1)).path("outcome").asText()).isEqualTo("failed");
    assertThat(JSON.readTree(lines.get(1)).path("exit_code").asInt()).isEqualTo(5);
  }

  @Test
  void ingestTakesOutputJson() {
    StringWriter err = new StringWriter();
    int code = Cli.run(new String[] {"ingest", "--output", "json"}, Map.of("AT_ENDPOINT", "http://127.0.0.1:1",
        "AT_SPACE_ID", "s", "AT_TOKEN", "t", "ES_URL", "http://127.0.0.1:2"), new PrintWriter(out),
        new PrintWriter(err), new IngestCommand.Runner() {
          private SummaryView view;

          @Override
          public void view(SummaryView v) {
            view = v;
          }

          @Override
          public int run(dev.atconnector.ingest.config.IngestConfig config) {
            view.source("ok", "", A, List.of());
            return ExitCodes.OK;
          }
        });

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("{\"type\":"));
  }
}
