package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterSinceTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void durationsCountBackFromNowAndDatesAreUtc() {
    assertThat(DeadLetterCommand.since("24h", NOW)).isEqualTo(Instant.parse("2026-03-09T12:00:00Z"));
    assertThat(DeadLetterCommand.since("7d", NOW)).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
    assertThat(DeadLetterCommand.since("PT30M", NOW)).isEqualTo(Instant.parse("2026-03-10T11:30:00Z"));
    assertThat(DeadLetterCommand.since("2026-01-31", NOW)).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
    assertThat(DeadLetterCommand.since("2026-01-31T08:15:00Z", NOW))
        .isEqualTo(Instant.parse("2026-01-31T08:15:00Z"));
  }

  @Test
  void anythingElseIsAUsageErrorNamingTheFlagAndTheForms() {
    for (String bad : new String[] {"yesterday", "2026-13-01", "0h", "-5d", "7x"}) {
      assertThatThrownBy(() -> DeadLetterCommand.since(bad, NOW)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("--since (AT_SINCE) '" + bad + "'").hasMessageContaining("24h, 7d");
    }
  }
}
