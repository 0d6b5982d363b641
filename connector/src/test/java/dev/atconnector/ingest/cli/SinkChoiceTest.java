package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.config.IngestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SinkChoiceTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<String> ran = new AtomicReference<>();

  private final IngestCommand.Runner runner = new IngestCommand.Runner() {
    @Override
    public int run(IngestConfig config) {
      ran.set("index");
      return ExitCodes.OK;
    }

    @Override
    public int runDiscarding(IngestConfig config) {
      ran.set("discard");
      return ExitCodes.OK;
    }
  };

  private int run(String... args) {
    Map<String, String> env = Map.of("AT_ENDPOINT", "http://127.0.0.1:1", "AT_SPACE_ID", "space-1",
        "AT_TOKEN", "t0ken", "ES_URL", "http://127.0.0.1:2");
    return Cli.run(args, env, new PrintWriter(out), new PrintWriter(err), runner);
  }

  @Test
  void indexesByDefaultAndDiscardsOnlyWhenAsked() {
    assertThat(run("ingest")).isZero();
    assertThat(ran).hasValue("index");
    assertThat(run("ingest", "--sink", "discard")).isZero();
    assertThat(ran).hasValue("discard");
  }

  @Test
  void anUnknownSinkIsABadUsageNamingTheFlagAndTheChoices() {
    assertThat(run("ingest", "--sink", "kafka")).isEqualTo(ExitCodes.USAGE);
    assertThat(ran).hasValue(null);
    assertThat(err.toString()).contains("--sink (AT_SINK) 'kafka'", "elasticsearch", "discard");
  }

  @Test
  void theFlagIsHiddenFromHelp() {
    assertThat(run("ingest", "--help")).isZero();
    assertThat(out.toString()).contains("--es-url").doesNotContain("--sink");
  }
}
