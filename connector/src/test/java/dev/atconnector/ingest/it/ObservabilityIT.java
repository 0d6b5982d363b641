package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

/**
 * Metrics and readiness of real runs (simulator, real Elasticsearch), read from the metrics server on port 0 just
 * before it stops at the end of the run.
 */
@ExtendWith(ElasticsearchExtension.class)
class ObservabilityIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the endpoints said at the end of a run. */
  record Endpoints(String metrics, int readyStatus, JsonNode ready, int liveStatus) {
    double value(String series) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
      assertThat(m.find()).as("series %s in\n%s", series, metrics).isTrue();
      return Double.parseDouble(m.group(1));
    }
  }

  private static Map<String, String> env(Harness h, Simulator sim, String token) {
    Map<String, String> env = new HashMap<>();
    env.put("AT_TOKEN", token);
    env.put("AT_ENDPOINT", sim.baseUrl());
    env.put("AT_SPACE_ID", Harness.SPACE);
    env.putAll(h.es.environment());
    return env;
  }

  private static Harness.Run run(Harness h, Map<String, String> env, Endpoints[] seen, String... extra) {
    List<String> args = new ArrayList<>(List.of("ingest", "--index-prefix", h.prefix, "--metrics-port", "0",
        "--metrics-host", "127.0.0.1"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliAccess.run(args.toArray(String[]::new), env, new PrintWriter(out), new PrintWriter(err),
        new SimpleMeterRegistry(), address -> seen[0] = read(address.getPort()));
    return new Harness.Run(code, out.toString(), err.toString());
  }

  private static Endpoints read(int port) {
    String[] metrics = get(port, "/metrics");
    String[] ready = get(port, "/health/ready");
    String[] live = get(port, "/health/live");
    try {
      return new Endpoints(metrics[1], Integer.parseInt(ready[0]), JSON.readTree(ready[1]), Integer.parseInt(live[0]));
    } catch (IOException e) {
      throw new AssertionError("/health/ready is not JSON: " + ready[1], e);
    }
  }

  private static String[] get(int port, String path) {
    return HttpClient.create().get().uri("http://127.0.0.1:" + port + path)
        .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
            .map(b -> new String[] {Integer.toString(res.status().code()), b}))
        .block(WAIT);
  }

  @Test
  void theCountersOnMetricsEqualTheSummaryAndTheRunWasReady(EsEndpoint es) throws IOException {
    Faults malformed = new Faults(0, 0, 0, 1, 0, 0, 1, false, 40, 0);
    try (Harness h = new Harness(es, "metrics");
        Simulator s = Simulator.builder().seed(11).eventsPerDay(700).gzipLevel(1).faults(malformed)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Endpoints[] seen = new Endpoints[1];
      Harness.Run run = run(h, env(h, s, Harness.TOKEN), seen, "--start", "2019-06-01", "--end", "2019-06-02",
          "--batch-docs", "300");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      Harness.Summary sum = run.summary();
      Endpoints e = seen[0];
      assertThat(sum.deadLettered()).isPositive();
      assertThat(e.value("at_records_read_total")).isEqualTo(sum.read());
      assertThat(e.value("at_records_parsed_total")).isEqualTo(sum.read() - sum.deadLettered());
      assertThat(e.value("at_records_indexed_total")).isEqualTo(sum.indexed());
      assertThat(e.value("at_records_duplicates_total")).isEqualTo(sum.duplicates());
      assertThat(e.value("at_records_dead_lettered_total{stage=\"decode\"}")).isEqualTo(sum.deadLettered());
      assertThat(e.value("at_download_bytes_total")).isEqualTo(sum.bytes());
      assertThat(e.value("at_sessions_opened_total")).isEqualTo(sum.sessions());
      assertThat(e.value("at_sessions_deleted_total")).isEqualTo(sum.sessions());
      assertThat(e.value("at_session_age_seconds")).as("no session open at the end").isZero();
      assertThat(e.value("at_bulk_size_docs_count")).isEqualTo(e.value("at_bulk_requests_total{outcome=\"success\"}"))
          .isGreaterThanOrEqualTo(4);
      assertThat(e.value("at_bulk_latency_seconds_count")).isGreaterThanOrEqualTo(4)
          .isEqualTo(e.value("at_bulk_latency_seconds_bucket{le=\"+Inf\"}"));
      assertThat(e.value("at_retries_total{reason=\"connection\",side=\"source\"}")).isZero();
      assertThat(e.readyStatus()).as(e.ready().toString()).isEqualTo(200);
      assertThat(e.liveStatus()).isEqualTo(200);
      assertThat(e.value("at_up{side=\"sink\"}")).isEqualTo(1);
      // done through 2019-06-02: the lag is the time since 2019-06-03T00:00Z (give or take the scrape's moment)
      double lag = e.value("at_checkpoint_lag_seconds{source=\"cli\"}");
      double expectedLag = java.time.Duration.between(java.time.Instant.parse("2019-06-03T00:00:00Z"),
          java.time.Instant.now()).toSeconds();
      assertThat(lag).isBetween(expectedLag - 3600, expectedLag + 1);
      assertThat(e.metrics()).doesNotContain(Harness.TOKEN);
      if (es.password() != null) {
        assertThat(e.metrics()).doesNotContain(es.password());
      }
    }
  }

  @Test
  void notReadyWhileElasticsearchIsUnreachable(EsEndpoint es) throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (Harness h = new Harness(es, "esdown");
        Simulator s = Simulator.builder().seed(1).eventsPerDay(10).token(Harness.TOKEN, "it@example.com").start()) {
      Map<String, String> env = env(h, s, Harness.TOKEN);
      env.put("ES_URL", "http://127.0.0.1:" + closed);
      Endpoints[] seen = new Endpoints[1];
      Harness.Run run = run(h, env, seen, "--start", "2019-06-01", "--end", "2019-06-01");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SINK);
      JsonNode esCheck = seen[0].ready().path("checks").path("elasticsearch");
      assertThat(seen[0].readyStatus()).isEqualTo(503);
      assertThat(seen[0].ready().path("status").asText()).isEqualTo("not_ready");
      assertThat(esCheck.path("status").asText()).isEqualTo("unreachable");
      assertThat(esCheck.path("error").asText()).isEqualTo("ConnectException");
      assertThat(seen[0].liveStatus()).as("not ready, but alive").isEqualTo(200);
      assertThat(seen[0].value("at_up{side=\"sink\"}")).isZero();
    }
  }

  @Test
  void notReadyWhenTheSourceRefusesTheToken(EsEndpoint es) throws IOException {
    String wrong = "wrong-token-must-not-leak";
    try (Harness h = new Harness(es, "badtoken");
        Simulator s = Simulator.builder().seed(1).eventsPerDay(10).token(Harness.TOKEN, "it@example.com").start()) {
      Endpoints[] seen = new Endpoints[1];
      Harness.Run run = run(h, env(h, s, wrong), seen, "--start", "2019-06-01", "--end", "2019-06-01");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.AUTH);
      JsonNode checks = seen[0].ready().path("checks");
      assertThat(seen[0].readyStatus()).isEqualTo(503);
      assertThat(checks.path("activity_tracker").path("status").asText()).isEqualTo("auth_failed");
      assertThat(checks.path("activity_tracker").path("http_status").asInt()).isEqualTo(401);
      assertThat(checks.path("elasticsearch").path("status").asText()).isEqualTo("up");
      assertThat(seen[0].metrics() + seen[0].ready() + run.out() + run.err()).doesNotContain(wrong);
    }
  }

  @Test
  void jsonLogLinesCarryEcsKeysAndNoSecret(EsEndpoint es, @TempDir Path dir) throws Exception {
    Path jar = Paths.get("target", "at-connector.jar").toAbsolutePath();
    assertThat(jar).exists();
    try (Harness h = new Harness(es, "jsonlogs");
        Simulator s = Simulator.builder().seed(5).eventsPerDay(200).gzipLevel(1)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString(),
          "ingest", "--start", "2019-06-01", "--end", "2019-06-01", "--index-prefix", h.prefix,
          "--log-format", "json", "--metrics-port", "0", "--metrics-host", "127.0.0.1"))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env(h, s, Harness.TOKEN));
      Process p = pb.start();
      try {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("stdout:\n%s\nstderr:\n%s", stdout, stderr).isEqualTo(ExitCodes.OK);
      assertThat(stdout).as("the summary stays plain text on stdout").startsWith("at-connector ingest ok: read=");
      List<JsonNode> lines = new ArrayList<>();
      for (String line : stderr.split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line)); // every stderr line is one JSON object
        }
      }
      assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
      for (JsonNode line : lines) {
        assertThat(line.has("@timestamp") && line.has("log.level") && line.has("message")).as(line.toString())
            .isTrue();
        assertThat(line.path("service.name").asText()).isEqualTo("at-connector");
      }
      assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("metrics at http://"));
      assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("deleted session"));
      assertThat(stdout + stderr).doesNotContain(Harness.TOKEN);
      if (es.password() != null) {
        assertThat(stdout + stderr).doesNotContain(es.password());
      }
    }
  }
}
