package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.SourcesFile;
import dev.atconnector.ingest.config.SourcesFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The --config and --max-concurrent-sessions flags, parsed as the ingest command will once they are wired in. */
class SourcesOptionsTest {
  private static final LocalDate TODAY = LocalDate.of(2019, 3, 10);

  @TempDir
  Path dir;

  @Command(name = "ingest")
  static final class Host {
    @Mixin SourcesOptions sources;
  }

  private static SourcesOptions parse(Map<String, String> env, String... args) {
    Host host = new Host();
    CommandLine cl = new CommandLine(host);
    cl.setDefaultValueProvider(new EnvDefaults(env));
    cl.parseArgs(args);
    return host.sources;
  }

  @Test
  void noConfigMeansTheSingleSourceFlags() {
    SourcesOptions options = parse(Map.of());
    assertThat(options.sources(TODAY)).isEmpty();
    assertThat(options.maxConcurrentSessions).isEqualTo(4);
  }

  @Test
  void loadsTheFileFromTheFlagOrTheEnvironment() throws IOException {
    Path file = dir.resolve("sources.yml");
    Files.writeString(file, "sources:\n  - {name: a, region: au-syd, space: s, start: 2019-03-01, token_env: T}\n",
        StandardCharsets.UTF_8);

    Optional<SourcesFile> fromFlag = parse(Map.of(), "--config", file.toString(), "--max-concurrent-sessions", "7")
        .sources(TODAY);
    SourcesOptions fromEnv = parse(Map.of("AT_CONFIG", file.toString(), "AT_MAX_CONCURRENT_SESSIONS", "2"));

    assertThat(fromFlag.orElseThrow().sources()).hasSize(1);
    assertThat(fromEnv.sources(TODAY).orElseThrow().source("a")).isPresent();
    assertThat(fromEnv.maxConcurrentSessions).isEqualTo(2);
  }

  @Test
  void badFileAndBadBoundAreNamed() throws IOException {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "sources:\n  - {name: a, region: mars}\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()).sources(TODAY))
        .isInstanceOf(SourcesFileException.class)
        .hasMessageContaining(file + ":2: sources[0].region: 'mars' is not a region");
    assertThatThrownBy(() -> parse(Map.of(), "--config", dir.resolve("nope.yml").toString()).sources(TODAY))
        .hasMessage(dir.resolve("nope.yml") + ": cannot be read (NoSuchFileException); check the path given to "
            + "--config");
    assertThatThrownBy(() -> parse(Map.of(), "--max-concurrent-sessions", "0").scheduler())
        .isInstanceOf(ConfigException.class)
        .hasMessage("--max-concurrent-sessions (AT_MAX_CONCURRENT_SESSIONS) must be between 1 and 100, got 0");
  }
}
