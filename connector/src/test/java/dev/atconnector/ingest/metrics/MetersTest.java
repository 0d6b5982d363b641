package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void retriesAreCountedBySideAndReasonFromAFixedSet() {
    RetryMeters retries = new RetryMeters(registry);
    assertThat(registry.get(MeterNames.RETRIES).counters()).hasSize(Side.values().length
        * RetryReason.values().length);
    retries.sourceRetried(new SourceException(SourceException.Kind.UNAVAILABLE, 429, "slow down", null, null));
    retries.sourceRetried(new SourceException(SourceException.Kind.UNAVAILABLE, "cut", new java.io.IOException()));
    retries.retried(Side.SINK, RetryReason.SERVER_ERROR);
    new RetryMeters(registry).retried(Side.SINK, RetryReason.SERVER_ERROR);
    assertThat(count("source", "rate_limited")).isEqualTo(1);
    assertThat(count("source", "connection")).isEqualTo(1);
    assertThat(count("sink", "server_error")).as("a second RetryMeters shares the counters").isEqualTo(2);
    assertThat(count("sink", "rate_limited")).isZero();
  }

  @Test
  void reasonsComeFromStatusesNotMessages() {
    assertThat(RetryReason.ofStatus(0)).isEqualTo(RetryReason.CONNECTION);
    assertThat(RetryReason.ofStatus(503)).isEqualTo(RetryReason.SERVER_ERROR);
    assertThat(RetryReason.ofStatus(413)).isEqualTo(RetryReason.TOO_LARGE);
    assertThat(RetryReason.ofStatus(401)).isEqualTo(RetryReason.TOKEN_EXPIRED);
    assertThat(RetryReason.ofStatus(418)).isEqualTo(RetryReason.OTHER);
    assertThat(RetryMeters.sourceReason(new SourceException(SourceException.Kind.UNAVAILABLE, "x",
        new DecodeException("bad gzip", 10, null)))).isEqualTo(RetryReason.BAD_DATA);
  }

  @Test
  void checkpointLagIsAGaugePerNamedSource() {
    AtomicReference<Duration> lag = new AtomicReference<>(Duration.ofMinutes(2));
    CheckpointLagGauge.register(registry, "prod-eu", lag::get);
    CheckpointLagGauge.register(registry, "prod-eu", () -> Duration.ofDays(9)); // the first supplier stays
    assertThat(registry.get(MeterNames.CHECKPOINT_LAG).tag("source", "prod-eu").timeGauge().value(
        java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(120);
    lag.set(Duration.ofMillis(1500));
    assertThat(registry.get(MeterNames.CHECKPOINT_LAG).timeGauge().value(java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(1.5);
  }

  @Test
  void checkpointLagRefusesFreeTextAndTooManySources() {
    assertThatThrownBy(() -> CheckpointLagGauge.register(registry, "has space", () -> Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'has space'");
    for (int i = 0; i < CheckpointLagGauge.MAX_SOURCES; i++) {
      CheckpointLagGauge.register(registry, "s" + i, () -> Duration.ZERO);
    }
    assertThatThrownBy(() -> CheckpointLagGauge.register(registry, "one-more", () -> Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 64 sources");
  }

  private double count(String side, String reason) {
    return registry.get(MeterNames.RETRIES).tag("side", side).tag("reason", reason).counter().count();
  }
}
