package dev.atconnector.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration syntax (issue 17): every flag, environment variable and file reads durations through it. */
class DurationsTest {
  @ParameterizedTest(name = "''{0}'' = {1}")
  @CsvSource({
      "500ms, PT0.5S",
      "0s, PT0S",
      "30s, PT30S",
      "5m, PT5M",
      "2h, PT2H",
      "1d, PT24H",
      "7d, PT168H",
      "' 30S ', PT30S",
      "10MS, PT0.01S",
      "PT30S, PT30S",
      "pt1m30s, PT1M30S",
      "P1D, PT24H",
      "P1DT12H, PT36H"})
  void acceptsAWholeNumberWithAUnitOrIso8601(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", " ", "30", "s", "1.5s", "-5s", "+5s", "5 s", "5sec", "1w", "7x", "soon", "P", "PT",
      "P1W", "P1M", "PT-5S", "-PT5S", "99999999999999999d", "1d2h"})
  void refusesAnythingElseNamingTheInputAndTheForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration: use 500ms, 30s, 5m, 2h, 1d or ISO-8601 like PT30S or P1D");
  }
}
