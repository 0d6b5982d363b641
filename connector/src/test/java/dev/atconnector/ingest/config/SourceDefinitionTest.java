package dev.atconnector.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.sink.SinkOptions;
import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source of the sources file mapped onto the run configuration the pipeline takes. */
class SourceDefinitionTest {
  private static final LocalDate TODAY = SourcesFileTest.TODAY;
  private static final String TOKEN = "tok-3f9a-not-for-logs";

  @TempDir
  Path dir;

  /** What the command line gives every source: Elasticsearch, sink, decoder, timeouts. */
  private static RunSettings shared() {
    SinkOptions sink = new SinkOptions(500, 1024 * 1024, 1, Duration.ofMillis(250), "cli-dead-letter",
        Duration.ofMillis(100), Duration.ofSeconds(5), 3);
    EsAccess es = new EsAccess(URI.create("http://127.0.0.1:9200"), Optional.of("elastic"),
        Optional.of(Secret.of("es-pass")), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        true);
    return RunSettings.builder(es).sink(sink).limits(DecodeLimits.DEFAULTS).installTemplates(false)
        .timeout(Optional.of(Duration.ofMinutes(9))).preserveOriginalEvent(true)
        .destination(dev.atconnector.ingest.model.Destination.monthly("cli-")).build();
  }

  /** The command line's --ca-cert and --read-timeout, which every source of the file takes. */
  private static IngestConfig config(SourceDefinition source, Map<String, String> env, LocalDate today) {
    return source.toIngestConfig(shared(), Optional.empty(), Duration.ofSeconds(45), env, today);
  }

  private SourcesFile file(String yaml) throws IOException {
    Path path = dir.resolve("sources.yml");
    Files.writeString(path, yaml, StandardCharsets.UTF_8);
    return SourcesFile.load(path, TODAY);
  }

  @Test
  void mapsTheSourceOntoTheSharedSettings() throws IOException {
    SourceDefinition source = file("""
        sources:
          - name: eu
            endpoint: http://127.0.0.1:8080
            space: space-9
            account: true
            start: 2019-01-01
            hour: 4
            window_days: 5
            index_prefix: at-eu-
            token_env: EU_TOKEN
        """).sources().get(0);

    IngestConfig config = config(source, Map.of("EU_TOKEN", TOKEN), TODAY);

    assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(config.uaaUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/UAALoginServerWAR/oauth/token"));
    assertThat(config.spaceId()).isEqualTo("space-9");
    assertThat(config.accountLevel()).isTrue();
    assertThat(config.start()).isEqualTo(LocalDate.of(2019, 1, 1));
    assertThat(config.end()).isEqualTo(TODAY);
    assertThat(config.hour()).isEqualTo(OptionalInt.of(4));
    assertThat(config.windowDays()).isEqualTo(5);
    assertThat(config.windows()).hasSize(14);
    assertThat(config.indexPrefix()).isEqualTo("at-eu-");
    assertThat(config.preserveOriginalEvent()).as("from the command line").isTrue();
    assertThat(config.deadLetterIndex()).isEqualTo("at-eu-dead-letter");
    assertThat(config.sink().deadLetterIndex()).isEqualTo("at-eu-dead-letter");
    assertThat(config.token().map(Secret::reveal)).contains(TOKEN);
    assertThat(config.apiKey()).isEmpty();
    // the rest is the command line's
    RunSettings shared = shared();
    assertThat(config.esAccess().url()).isEqualTo(shared.es().url());
    assertThat(config.esAccess().username()).isEqualTo(shared.es().username());
    assertThat(config.esAccess().password()).isEqualTo(shared.es().password());
    assertThat(config.sink().maxDocs()).isEqualTo(500);
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.timeout()).contains(Duration.ofMinutes(9));
    assertThat(config.installTemplates()).isFalse();
  }

  @Test
  void readsAnApiKeyFromAFileRelativeToTheSourcesFile() throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/prod.key"), "  api-key-value\n", StandardCharsets.UTF_8);
    SourceDefinition source = file("""
        sources:
          - {name: p, region: eu-gb, space: s, start: 2019-03-01, end: 2019-03-02, api_key_file: keys/prod.key}
        """).sources().get(0);

    IngestConfig config = config(source, Map.of(), TODAY);

    assertThat(config.apiKey().map(Secret::reveal)).contains("api-key-value");
    assertThat(config.token()).isEmpty();
    assertThat(config.uaaUrl()).isEqualTo(URI.create("https://login.eu-gb.bluemix.net/UAALoginServerWAR/oauth/token"));
    assertThat(config.end()).isEqualTo(LocalDate.of(2019, 3, 2));
  }

  @Test
  void unreadableCredentialsNameFileLineAndKey() throws IOException {
    SourcesFile sources = file("""
        defaults: {region: us-south, start: 2019-03-01}
        sources:
          - name: a
            space: s1
            token_env: PROD_TOKEN
          - name: b
            space: s2
            token_file: missing.token
          - name: c
            space: s3
            api_key_file: empty.key
        """);
    Files.writeString(dir.resolve("empty.key"), "\n", StandardCharsets.UTF_8);
    String name = dir.resolve("sources.yml").toString();

    assertThatThrownBy(() -> config(sources.sources().get(0), Map.of("OTHER", TOKEN), TODAY))
        .isInstanceOf(ConfigException.class)
        .hasMessage(name + ":5: sources[0].token_env: the environment variable PROD_TOKEN is not set (or empty); "
            + "export it before starting the connector");
    assertThatThrownBy(() -> config(sources.sources().get(1), Map.of(), TODAY))
        .hasMessageStartingWith(name + ":8: sources[1].token_file: the file " + dir.resolve("missing.token")
            + " cannot be read (NoSuchFileException)");
    assertThatThrownBy(() -> config(sources.sources().get(2), Map.of(), TODAY))
        .hasMessage(name + ":11: sources[2].api_key_file: the file " + dir.resolve("empty.key") + " is empty; put "
            + "the credential in it");
  }

  @Test
  void aStartAfterTodayAtRunTimeIsNamed() {
    SourceDefinition source = SourcesFile.parse("""
        sources:
          - {name: a, region: us-south, space: s1, start: 2019-03-10, token_env: T}
        """, "sources.yml", dir, TODAY).sources().get(0);

    // the file was valid on the 10th; a clock that reads the 9th (a skewed host) gives an empty range
    assertThatThrownBy(() -> config(source, Map.of("T", TOKEN), TODAY.minusDays(1)))
        .hasMessage("sources.yml:2: sources[0].start: 2019-03-10 is after the end 2019-03-09; give a start on or "
            + "before the end");
  }
}
