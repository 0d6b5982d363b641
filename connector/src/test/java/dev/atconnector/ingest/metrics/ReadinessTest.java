package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.sink.SinkException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private final Readiness readiness = new Readiness(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"),
      ZoneOffset.UTC));
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode body() throws IOException {
    return json.readTree(readiness.json());
  }

  @Test
  void notReadyUntilBothSidesAnswered() throws IOException {
    assertThat(readiness.ready()).isFalse();
    assertThat(body().path("checks").path("elasticsearch").path("status").asText()).isEqualTo("unknown");
    readiness.success(Side.SINK);
    assertThat(readiness.ready()).isFalse();
    readiness.success(Side.SOURCE);
    assertThat(readiness.ready()).isTrue();
    assertThat(body().path("status").asText()).isEqualTo("ready");
  }

  @Test
  void aFailureFlipsTheSideAndASuccessFlipsItBack() throws IOException {
    readiness.success(Side.SINK);
    readiness.success(Side.SOURCE);
    readiness.failure(Side.SINK, false, 0, "ConnectException");
    assertThat(readiness.ready()).isFalse();
    JsonNode es = body().path("checks").path("elasticsearch");
    assertThat(es.path("status").asText()).isEqualTo("unreachable");
    assertThat(es.path("error").asText()).isEqualTo("ConnectException");
    assertThat(es.path("reason").asText()).contains("Elasticsearch");
    assertThat(body().path("status").asText()).isEqualTo("not_ready");
    readiness.success(Side.SINK);
    assertThat(readiness.ready()).isTrue();
  }

  @Test
  void anAuthFailureStaysUntilASuccessEvenThroughOtherFailures() throws IOException {
    readiness.success(Side.SINK);
    readiness.failure(Side.SOURCE, true, 401, "");
    readiness.failure(Side.SOURCE, false, 503, "");
    JsonNode at = body().path("checks").path("activity_tracker");
    assertThat(at.path("status").asText()).isEqualTo("auth_failed");
    assertThat(at.path("http_status").asInt()).isEqualTo(401);
    readiness.success(Side.SOURCE);
    assertThat(readiness.ready()).isTrue();
    readiness.failure(Side.SOURCE, false, 503, "");
    assertThat(readiness.check(Side.SOURCE).state()).isEqualTo(Readiness.State.UNREACHABLE);
  }

  @Test
  void aPreflightCheckRecordsItsOutcomeAndRethrows() {
    SinkException refused = new SinkException("Elasticsearch refused", true, null);
    assertThatThrownBy(() -> readiness.check(Side.SINK, () -> {
      throw refused;
    })).isSameAs(refused);
    assertThat(readiness.check(Side.SINK).state()).isEqualTo(Readiness.State.AUTH_FAILED);
    SinkException down = new SinkException("down", false, new ConnectException("Connection refused"));
    readiness.success(Side.SINK);
    assertThatThrownBy(() -> readiness.check(Side.SINK, () -> {
      throw down;
    })).isSameAs(down);
    assertThat(readiness.check(Side.SINK).state()).isEqualTo(Readiness.State.UNREACHABLE);
    assertThat(readiness.check(Side.SINK).error()).isEqualTo("ConnectException");
    readiness.check(Side.SINK, () -> { });
    assertThat(readiness.check(Side.SINK).state()).isEqualTo(Readiness.State.UP);
  }

  @Test
  void oneReadinessPerRegistryWithUpGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Readiness r = Readiness.of(registry);
    assertThat(Readiness.of(registry)).isSameAs(r);
    assertThat(Readiness.of(new SimpleMeterRegistry())).isNotSameAs(r);
    assertThat(registry.get(MeterNames.UP).tag("side", "sink").gauge().value()).isZero();
    r.success(Side.SINK);
    assertThat(registry.get(MeterNames.UP).tag("side", "sink").gauge().value()).isEqualTo(1);
    assertThat(registry.get(MeterNames.UP).tag("side", "source").gauge().value()).isZero();
  }

  /** Issue 15: failed windows are reported, and do not make the process unready (reading again will not help). */
  @Test
  void failedWindowsAreCountedPerSourceWhileStayingReady() throws IOException {
    readiness.success(Side.SINK);
    readiness.success(Side.SOURCE);
    assertThat(body().path("failed_windows").asInt()).isZero();
    assertThat(body().has("failed_windows_by_source")).isFalse();
    int[] failed = {2};
    readiness.failedWindows("eu-prod", () -> failed[0]);
    readiness.failedWindows("us-dev", () -> 0);
    assertThat(readiness.ready()).isTrue();
    assertThat(body().path("status").asText()).isEqualTo("ready");
    assertThat(body().path("failed_windows").asInt()).isEqualTo(2);
    assertThat(body().path("failed_windows_by_source").toString()).isEqualTo("{\"eu-prod\":2}");
    failed[0] = 0;
    assertThat(body().path("failed_windows").asInt()).as("read at each request").isZero();
  }
}
