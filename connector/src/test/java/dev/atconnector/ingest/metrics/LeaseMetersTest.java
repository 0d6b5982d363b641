package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Issue 16: claims, takeovers, releases and losses are counted, and the held gauge follows them. */
class LeaseMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LeaseMeters leases = new LeaseMeters(registry);

  private double count(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  private double held() {
    return registry.get(MeterNames.LEASE_HELD).gauge().value();
  }

  @Test
  void everySeriesExistsFromTheStart() {
    assertThat(registry.get(MeterNames.LEASE_CLAIMS).counters()).hasSize(2);
    assertThat(registry.get(MeterNames.LEASE_RELEASES).counters()).hasSize(LeaseMeters.Release.values().length);
    assertThat(registry.get(MeterNames.LEASE_LOST).counter().count()).isZero();
    assertThat(held()).isZero();
    assertThat(registry.get(MeterNames.LEASE_MEMBERS).gauge().value()).isZero();
  }

  @Test
  void claimsTakeoversReleasesAndLossesMoveTheHeldGauge() {
    leases.claimed(false);
    leases.claimed(true);
    leases.claimed(true);
    assertThat(count(MeterNames.LEASE_CLAIMS, "kind", "free")).isEqualTo(1);
    assertThat(count(MeterNames.LEASE_CLAIMS, "kind", "takeover")).isEqualTo(2);
    assertThat(held()).isEqualTo(3);

    leases.released(LeaseMeters.Release.BALANCE);
    leases.lostLease();
    assertThat(count(MeterNames.LEASE_RELEASES, "reason", "balance")).isEqualTo(1);
    assertThat(count(MeterNames.LEASE_RELEASES, "reason", "stop")).isZero();
    assertThat(registry.get(MeterNames.LEASE_LOST).counter().count()).isEqualTo(1);
    assertThat(held()).isEqualTo(1);

    leases.released(LeaseMeters.Release.STOP);
    leases.dropped();
    assertThat(held()).as("never below zero").isZero();
    leases.members(3);
    assertThat(registry.get(MeterNames.LEASE_MEMBERS).gauge().value()).isEqualTo(3);
  }
}
