package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.DisposableServer;
import reactor.core.publisher.Mono;

class MetricsServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Status, content type and body of one GET. */
  record Answer(int status, String type, String body) {}

  static Answer get(int port, String path) {
    return HttpClient.create().get().uri("http://127.0.0.1:" + port + path)
        .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
            .map(b -> new Answer(res.status().code(), res.responseHeaders().get("Content-Type"), b)))
        .block(WAIT);
  }

  @Test
  void servesPrometheusTextAndHealthWithReasons() throws IOException {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Readiness readiness = new Readiness(Clock.systemUTC());
    Counter.builder(MeterNames.RECORDS_READ).register(prometheus).increment(3);
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, prometheus, readiness)) {
      assertThat(server.port()).isPositive();
      Answer metrics = get(server.port(), "/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.type()).startsWith("text/plain; version=0.0.4");
      assertThat(metrics.body()).contains("at_records_read_total 3.0");

      assertThat(get(server.port(), "/health/live").status()).isEqualTo(200);

      Answer notReady = get(server.port(), "/health/ready");
      assertThat(notReady.status()).isEqualTo(503);
      JsonNode body = new ObjectMapper().readTree(notReady.body());
      assertThat(body.path("status").asText()).isEqualTo("not_ready");
      assertThat(body.path("checks").path("activity_tracker").path("reason").asText()).isNotBlank();

      readiness.success(Side.SOURCE);
      readiness.success(Side.SINK);
      assertThat(get(server.port(), "/health/ready").status()).isEqualTo(200);
      assertThat(get(server.port(), "/nope").status()).isEqualTo(404);
    }
  }

  @Test
  void aTakenPortIsAClearError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunMetrics.start(
              new MetricsSettings(OptionalInt.of(taken.getLocalPort()), "127.0.0.1"), new SimpleMeterRegistry(),
              RunMetrics.Hook.NONE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--metrics-port (AT_METRICS_PORT) " + taken.getLocalPort())
          .hasMessageContaining("choose a free port");
      prometheus.close();
    }
  }

  @Test
  void runMetricsCountIntoTheCallersRegistryAndServeThemUntilClosed() {
    SimpleMeterRegistry base = new SimpleMeterRegistry();
    int[] seenPort = new int[1];
    String[] scraped = new String[1];
    RunMetrics metrics = RunMetrics.start(new MetricsSettings(OptionalInt.of(0), "127.0.0.1"), base, address -> {
      seenPort[0] = address.getPort();
      scraped[0] = get(address.getPort(), "/metrics").body();
    });
    new RetryMeters(metrics.registry()).retried(Side.SINK, RetryReason.RATE_LIMITED);
    metrics.close();
    assertThat(base.get(MeterNames.RETRIES).tag("side", "sink").tag("reason", "rate_limited").counter().count())
        .isEqualTo(1);
    assertThat(scraped[0]).contains("at_retries_total{reason=\"rate_limited\",side=\"sink\"} 1.0")
        .contains("jvm_memory_used_bytes");
    assertThat(HttpClient.create().get().uri("http://127.0.0.1:" + seenPort[0] + "/metrics").response()
        .map(r -> "answered").onErrorResume(e -> Mono.just("refused")).block(WAIT)).isEqualTo("refused");
  }

  @Test
  void sourceHealthSeesEveryExchangeOfTheClient() {
    int[] status = {401};
    DisposableServer at = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> res.status(status[0]).sendString(Mono.just("{}"))).bindNow(WAIT);
    try {
      Readiness readiness = new Readiness(Clock.systemUTC());
      HttpClient http = SourceHealth.observe(HttpClient.create(), readiness);
      String url = "http://127.0.0.1:" + at.port() + "/v3/sessions";
      http.get().uri(url).responseContent().aggregate().asString().onErrorResume(e -> Mono.empty()).block(WAIT);
      assertThat(readiness.check(Side.SOURCE).state()).isEqualTo(Readiness.State.AUTH_FAILED);
      status[0] = 200;
      http.get().uri(url).responseContent().aggregate().asString().block(WAIT);
      assertThat(readiness.check(Side.SOURCE).state()).isEqualTo(Readiness.State.UP);
      status[0] = 503;
      http.get().uri(url).responseContent().aggregate().asString().block(WAIT);
      assertThat(readiness.check(Side.SOURCE).state()).isEqualTo(Readiness.State.UNREACHABLE);
      assertThat(readiness.check(Side.SOURCE).httpStatus()).isEqualTo(503);
    } finally {
      at.disposeNow(WAIT);
    }
  }

  @Test
  void sourceHealthMarksARefusedConnectionUnreachable() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Readiness readiness = new Readiness(Clock.systemUTC());
    readiness.success(Side.SOURCE);
    SourceHealth.observe(HttpClient.create(), readiness).get().uri("http://127.0.0.1:" + closed + "/")
        .response().onErrorResume(e -> Mono.empty()).block(WAIT);
    assertThat(readiness.check(Side.SOURCE).state()).isEqualTo(Readiness.State.UNREACHABLE);
    assertThat(readiness.check(Side.SOURCE).error()).isNotBlank();
  }
}
