package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --es-retry-max-time}: the sink's outage budget, from the flag or ES_RETRY_MAX_TIME. */
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
}
