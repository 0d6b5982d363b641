package dev.atconnector.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each part of the settings validates itself, naming the flag and its variable. */
class SettingsPartsTest {
  private static final LocalDate DAY = LocalDate.of(2019, 6, 1);
  private static final URI AT = URI.create("https://at.example.test");
  private static final EsAccess ES = new EsAccess(URI.create("http://127.0.0.1:9200"), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

  private static AtAccess access(Optional<Secret> token, Optional<Secret> apiKey) {
    return new AtAccess(AT, AT.resolve("/uaa"), token, apiKey, Optional.empty(), Duration.ofSeconds(30));
  }

  @Test
  void aRangeNamesTheFlagsItBreaks() {
    assertThatThrownBy(() -> new ReadRange(DAY, DAY.minusDays(1), OptionalInt.empty(), 15))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--end (AT_END) 2019-05-31 is before --start (AT_START) 2019-06-01: give an end on or after the "
            + "start");
    assertThatThrownBy(() -> new ReadRange(DAY, DAY, OptionalInt.of(24), 15))
        .hasMessage("--hour (AT_HOUR) must be between 0 and 23, got 24");
    assertThatThrownBy(() -> new ReadRange(DAY, DAY, OptionalInt.empty(), 16))
        .hasMessage("--window-days (AT_WINDOW_DAYS) must be between 1 and 15, got 16");
  }

  @Test
  void aRangeIsCutIntoWindowsOfAtMostItsWindowDays() {
    ReadRange range = new ReadRange(DAY, DAY.plusDays(11), OptionalInt.of(3), 5);

    assertThat(range.windows(true)).extracting(w -> w.start() + ".." + w.end())
        .containsExactly("2019-06-01..2019-06-05", "2019-06-06..2019-06-10", "2019-06-11..2019-06-12");
    assertThat(range.windows(true)).allSatisfy(w -> {
      assertThat(w.accountLevel()).isTrue();
      assertThat(w.hour()).isEqualTo(OptionalInt.of(3));
    });
  }

  @Test
  void aSourceNeedsACredentialASpaceAndAUsablePrefix() {
    assertThatThrownBy(() -> access(Optional.empty(), Optional.empty()))
        .hasMessageContaining("no Activity Tracker credential: set AT_TOKEN (or --token-file)");
    AtAccess ok = access(Optional.of(Secret.of("t")), Optional.empty());
    ReadRange range = new ReadRange(DAY, DAY, OptionalInt.empty(), 15);
    assertThatThrownBy(() -> new SourceSettings(ok, " ", false, range, "at-"))
        .hasMessage("--space (AT_SPACE_ID) is required");
    assertThatThrownBy(() -> new SourceSettings(ok, "s", false, range, "AT-"))
        .hasMessageStartingWith("--index-prefix (AT_INDEX_PREFIX) 'AT-' is not a valid Elasticsearch index prefix");
  }

  @Test
  void theRunSettingsRefuseANonPositiveTimeoutAndElasticsearchWithoutAHost() {
    assertThatThrownBy(() -> RunSettings.builder(ES).timeout(Optional.of(Duration.ZERO)).build())
        .hasMessage("--timeout (AT_TIMEOUT) must be strictly positive, got PT0S");
    assertThatThrownBy(() -> new EsAccess(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), false))
        .hasMessageContaining("--es-url (ES_URL)");
  }

  @Test
  void aSourcesPrefixNamesItsMonthlyIndicesAndItsDeadLetterIndex() {
    RunSettings run = RunSettings.builder(ES).destination(Destination.monthly("cli-")).build();
    SourceSettings source = new SourceSettings(access(Optional.empty(), Optional.of(Secret.of("k"))), "s", false,
        new ReadRange(DAY, DAY, OptionalInt.empty(), 15), "eu-");

    IngestConfig config = new IngestConfig(source, run);

    assertThat(config.destination()).isEqualTo(Destination.monthly("eu-"));
    assertThat(config.sink().deadLetterIndex()).isEqualTo("eu-dead-letter");
    assertThat(config.sink().maxDocs()).isEqualTo(run.sink().maxDocs());
    assertThat(new IngestConfig(source, RunSettings.builder(ES).build()).destination())
        .as("a data stream is the same for every source").isEqualTo(Destination.dataStream("default"));
  }
}
