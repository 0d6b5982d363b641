package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.source.SourceRetry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --es-retry-max-time}: the sink's outage budget, from the flag or ES_RETRY_MAX_TIME; the hidden
 * {@code --backoff-scale} (tests only) shortens the backoffs and nothing else.
 */
class RetryOptionsTest {
  static Map<String, String> env(String... extra) {
    Map<String, String> env = new HashMap<>(Map.of("AT_TOKEN", "t", "AT_ENDPOINT", "http://127.0.0.1:1",
        "AT_SPACE_ID", "s", "ES_URL", "http://127.0.0.1:2"));
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsToFiveMinutes() {
    assertThat(CliAccess.config(new String[] {"ingest"}, env()).sink().retryMaxTime())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void flagAndEnvironmentSetIt() {
    assertThat(CliAccess.config(new String[] {"ingest", "--es-retry-max-time", "20s"}, env()).sink().retryMaxTime())
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(CliAccess.config(new String[] {"ingest"}, env("ES_RETRY_MAX_TIME", "1m")).sink().retryMaxTime())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void zeroIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> CliAccess.config(new String[] {"ingest", "--es-retry-max-time", "0s"}, env()))
        .hasMessageContaining("--es-retry-max-time (ES_RETRY_MAX_TIME) must be strictly positive");
  }

  @Test
  void backoffsKeepTheirDocumentedScheduleByDefault() {
    IngestConfig c = CliAccess.config(new String[] {"ingest"}, env());
    assertThat(c.sink().retryInitial()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.sink().retryMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.run().backoffScale()).isEqualTo(1.0);
  }

  @Test
  void backoffScaleShortensTheSinkAndSourceBackoffsButNotTheBudget() {
    IngestConfig c = CliAccess.config(new String[] {"ingest"}, env("AT_BACKOFF_SCALE", "0.1"));
    assertThat(c.sink().retryInitial()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.sink().retryMax()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.sink().maxRetries()).isEqualTo(8);
    assertThat(c.sink().retryMaxTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.run().backoffScale()).isEqualTo(0.1);
    SourceRetry source = SourceRetry.defaults(c.run().backoffScale());
    assertThat(source.ceiling(0)).isEqualTo(Duration.ofMillis(50));
    assertThat(source.ceiling(10)).isEqualTo(Duration.ofSeconds(3));
    assertThat(source.maxRetries()).isEqualTo(SourceRetry.defaults().maxRetries());
  }

  @Test
  void aBackoffScaleOutsideZeroToOneIsRefusedNamingTheFlag() {
    for (String bad : new String[] {"0", "-1", "2"}) {
      assertThatThrownBy(() -> CliAccess.config(new String[] {"ingest", "--backoff-scale", bad}, env()))
          .hasMessageContaining("--backoff-scale (AT_BACKOFF_SCALE) must be more than 0 and at most 1");
    }
  }

  @Test
  void backoffScaleIsHiddenFromTheHelp() {
    java.io.StringWriter out = new java.io.StringWriter();
    Cli.run(new String[] {"ingest", "--help"}, env(), new java.io.PrintWriter(out),
        new java.io.PrintWriter(new java.io.StringWriter()), cfg -> 0);
    assertThat(out.toString()).contains("--es-retry-max-time").doesNotContain("backoff-scale");
  }
}
