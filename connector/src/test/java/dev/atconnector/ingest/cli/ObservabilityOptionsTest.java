package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.metrics.LogFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObservabilityOptionsTest {
  private final StringWriter err = new StringWriter();
  private final AtomicReference<IngestConfig> captured = new AtomicReference<>();

  private int run(Map<String, String> env, String... args) {
    return Cli.run(args, env, new PrintWriter(new StringWriter()), new PrintWriter(err), cfg -> {
      captured.set(cfg);
      return ExitCodes.OK;
    });
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1");
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", "t");
    env.put("ES_URL", "http://127.0.0.1:2");
    return env;
  }

  @Test
  void noMetricsServerUnlessAPortIsGiven() {
    assertThat(run(env(), "ingest")).isZero();
    assertThat(captured.get().metrics().enabled()).isFalse();
  }

  @Test
  void portAndHostComeFromTheEnvironmentAndFlagsWin() {
    Map<String, String> env = env();
    env.put("AT_METRICS_PORT", "0");
    env.put("AT_METRICS_HOST", "127.0.0.1");
    assertThat(run(env, "ingest")).isZero();
    assertThat(captured.get().metrics().port()).hasValue(0);
    assertThat(captured.get().metrics().host()).isEqualTo("127.0.0.1");
    assertThat(run(env, "ingest", "--metrics-port", "9464")).isZero();
    assertThat(captured.get().metrics().port()).hasValue(9464);
  }

  @Test
  void badValuesNameTheFlagAndVariable() {
    assertThat(run(env(), "ingest", "--metrics-port", "70000")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--metrics-port (AT_METRICS_PORT) must be between 0 and 65535");
    Map<String, String> env = env();
    env.put("AT_LOG_FORMAT", "xml");
    assertThat(run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--log-format (AT_LOG_FORMAT) 'xml' is not a log format: use text or json");
  }

  @Test
  void logFormatIsCaseInsensitive() {
    ObservabilityOptions o = new ObservabilityOptions();
    o.logFormat = "JSON";
    assertThat(o.logFormat()).isEqualTo(LogFormat.JSON);
    o.logFormat = "text";
    assertThat(o.logFormat()).isEqualTo(LogFormat.TEXT);
    o.logFormat = "";
    assertThatThrownBy(o::logFormat).isInstanceOf(ConfigException.class);
  }
}
