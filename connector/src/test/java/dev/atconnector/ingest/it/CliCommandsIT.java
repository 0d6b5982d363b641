package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.cli.CliCapture;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `ibmcloud at` workflow as at-connector commands, each against the simulator (port 0, in-process). */
class CliCommandsIT {
  private static final String TOKEN = "cli-it-token-not-for-output";
  private static final String SPACE = "cli-space";
  private static final LocalDate DAY = LocalDate.of(2019, 7, 1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Simulator sim;
  private CliCapture cli;

  @BeforeEach
  void start() {
    sim = Simulator.builder().seed(5).eventsPerDay(200).token(TOKEN, "alice@example.com").start();
    cli = new CliCapture(Map.of("AT_TOKEN", TOKEN, "AT_ENDPOINT", sim.baseUrl(), "AT_SPACE_ID", SPACE));
  }

  @AfterEach
  void stop() {
    assertThat(cli.everything()).doesNotContain(TOKEN);
    cli.close();
    sim.close();
  }

  private long expected(LocalDate day) {
    return sim.expected(SPACE, false, day, day, OptionalInt.empty()).count();
  }

  private JsonNode json(CliCapture.Result r) throws IOException {
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    return JSON.readTree(r.out());
  }

  @Test
  void statusPrintsTheSeedsTableWithOneRowPerDay() {
    CliCapture.Result r = cli.run("status", "-s", "2019-07-01", "-e", "2019-07-03");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(1)).matches("\\| DATE +\\| COUNT +\\| SIZE +\\| TYPES +\\| SEARCHABLE +\\|");
    assertThat(lines).hasSize(7); // rule, header, rule, 3 days, rule
    assertThat(lines.get(3)).startsWith("| 2019-07-01 | " + expected(DAY) + " ").contains("ActivityTracker", "None");
    assertThat(lines.get(5)).startsWith("| 2019-07-03 | " + expected(DAY.plusDays(2)) + " ");
  }

  @Test
  void statusAsJsonForScriptsAndForTheAccount() throws IOException {
    JsonNode days = json(cli.run("status", "--account", "-s", "2019-07-01", "-e", "2019-07-02", "--output", "json"));
    assertThat(days).hasSize(2);
    assertThat(days.get(0).path("date").asText()).isEqualTo("2019-07-01");
    assertThat(days.get(0).path("count").asLong())
        .isEqualTo(sim.expected(SPACE, true, DAY, DAY, OptionalInt.empty()).count());
    assertThat(days.get(0).path("size").asLong()).isPositive();
    assertThat(days.get(0).path("searchable").asText()).isEqualTo("None");
  }

  @Test
  void sessionCreateDefaultsToTheLast14Days() throws IOException {
    JsonNode s = json(cli.run("session", "create", "--output", "json"));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(s.path("date-range").path("Start").asText()).isEqualTo(today.minusDays(13).toString());
    assertThat(s.path("date-range").path("End").asText()).isEqualTo(today.toString());
    assertThat(s.path("username").asText()).isEqualTo("alice@example.com");
    assertThat(sim.stats().sessions().open()).extracting(o -> o.id()).containsExactly(s.path("id").asText());
  }

  @Test
  void sessionCreatePrintsItsFieldsAsANameValueTable() {
    CliCapture.Result r = cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-02", "-a", "-T", "7");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("| Name ", "| username ", "| alice@example.com ",
        "| date-range  | {\"Start\":\"2019-07-01\",\"End\":\"2019-07-02\"} ", "\"AtAccountLevel\":true", "| search-time ", " 7 ");
    String id = sim.stats().sessions().open().get(0).id();
    assertThat(r.out()).contains("| id ", id);
  }

  @Test
  void listShowAndDeleteLikeTheSeeds() throws IOException {
    String a = json(cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-01", "--output", "json"))
        .path("id").asText();
    String b = json(cli.run("session", "create", "-s", "2019-07-02", "-e", "2019-07-02", "--output", "json"))
        .path("id").asText();

    CliCapture.Result list = cli.run("session", "list");
    assertThat(list.out().lines().toList().get(1))
        .matches("\\| Id +\\| Space +\\| Username +\\| Create-time +\\| Access-time +\\|");
    assertThat(list.out()).contains(a, b, SPACE, "alice@example.com");
    assertThat(json(cli.run("session", "list", "--output", "json"))).hasSize(2);

    JsonNode shown = json(cli.run("session", "show", a, "--output", "json"));
    assertThat(shown.path("date-range").path("Start").asText()).isEqualTo("2019-07-01");
    assertThat(cli.run("session", "show", b).out()).contains("| id ", b, "2019-07-02");

    CliCapture.Result deleted = cli.run("session", "delete", a);
    assertThat(deleted.code()).as(deleted.toString()).isEqualTo(ExitCodes.OK);
    assertThat(deleted.out()).contains("| message | Delete session success |");
    assertThat(json(cli.run("session", "delete", b, "--output", "json")).path("message").asText())
        .isEqualTo("Delete session success");
    assertThat(sim.stats().sessions().open()).isEmpty();
  }

  @Test
  void downloadWritesTheGzipUnchangedToAFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    String id = session("2019-07-01", "2019-07-02");
    Path file = dir.resolve("events.gz");
    CliCapture.Result r = cli.run("download", "-o", file.toString(), id);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(records(Files.newInputStream(file))).isEqualTo(expected(DAY) + expected(DAY.plusDays(1)));
    assertThat(r.err()).contains("Download completed successfully").doesNotContain("\r");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void downloadWithoutOutputFileStreamsToStdoutQuietly() throws IOException {
    String id = session("2019-07-01", "2019-07-01");
    CliCapture.Result r = cli.run("download", id);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(records(new ByteArrayInputStream(r.bytes()))).isEqualTo(expected(DAY));
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).as("no terminal: no progress").isEmpty();
  }

  @Test
  void downloadShowsProgressOnStderrWhileATerminalIsAttached() throws IOException {
    String id = session("2019-07-01", "2019-07-01");
    CliCapture.Result r = cli.terminal(true).run("download", id);
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(records(new ByteArrayInputStream(r.bytes()))).isEqualTo(expected(DAY));
    assertThat(r.err()).startsWith("\r").contains(r.bytes().length + " bytes", "/s", "Download completed successfully");
  }

  @Test
  void sessionPruneDeletesOnlySessionsUnusedForLongerThanAsked() throws IOException {
    String fresh = session("2019-07-01", "2019-07-01");
    CliCapture.Result none = cli.run("session", "prune", "--older-than", "1h");
    assertThat(none.out()).contains("0 deleted, 1 kept");
    JsonNode pruned = json(cli.run("session", "prune", "--older-than", "1ms", "--output", "json"));
    assertThat(pruned.path("deleted")).extracting(JsonNode::asText).containsExactly(fresh);
    assertThat(sim.stats().sessions().open()).isEmpty();
  }

  @Test
  void aClosedStdoutStopsTheDownloadAsAnOutputFailure() throws IOException {
    String id = session("2019-07-01", "2019-07-01");
    java.io.StringWriter err = new java.io.StringWriter();
    java.io.OutputStream closedPipe = new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    int code = dev.atconnector.ingest.cli.CliAccess.run(new String[] {"download", id},
        Map.of("AT_TOKEN", TOKEN, "AT_ENDPOINT", sim.baseUrl(), "AT_SPACE_ID", SPACE),
        new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), closedPipe, false);
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.SINK);
    assertThat(err.toString().strip()).isEqualTo("at-connector: writing the download to stdout failed: Broken pipe");
  }

  private String session(String start, String end) throws IOException {
    return json(cli.run("session", "create", "-s", start, "-e", end, "--output", "json")).path("id").asText();
  }

  /** Non-blank lines of the gunzipped NDJSON body: its records. */
  private static long records(InputStream gz) throws IOException {
    try (InputStream in = new GZIPInputStream(gz)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
    }
  }

  @Test
  void theSessionAndDownloadHelpNamesEveryCommand() {
    assertThat(cli.run("--help").out()).contains("status", "session", "download", "ingest");
    assertThat(cli.run("session", "--help").out()).contains("create", "list", "show", "delete", "prune");
    assertThat(cli.run("download", "--help").out()).contains("-o", "SESSION_ID", "--region", "--ca-cert");
  }

  static Faults cutEveryDownload() {
    return new Faults(0, 0, 0, 1, 0, 2_000, 0, false, 0, 0);
  }
}
