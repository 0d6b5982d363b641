package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.metrics.LogFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityOptionsTest {
  private final IngestParse cli = new IngestParse();

  @Test
  void noMetricsServerUnlessAPortIsGiven() {
    assertThat(cli.run(IngestParse.envWithEs(), "ingest")).isZero();
    assertThat(cli.config().metrics().enabled()).isFalse();
  }

  @Test
  void portAndHostComeFromTheEnvironmentAndFlagsWin() {
    Map<String, String> env = IngestParse.envWithEs();
    env.put("AT_METRICS_PORT", "0");
    env.put("AT_METRICS_HOST", "127.0.0.1");
    assertThat(cli.run(env, "ingest")).isZero();
    assertThat(cli.config().metrics().port()).hasValue(0);
    assertThat(cli.config().metrics().host()).isEqualTo("127.0.0.1");
    assertThat(cli.run(env, "ingest", "--metrics-port", "9464")).isZero();
    assertThat(cli.config().metrics().port()).hasValue(9464);
  }

  @Test
  void badValuesNameTheFlagAndVariable() {
    assertThat(cli.run(IngestParse.envWithEs(), "ingest", "--metrics-port", "70000")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--metrics-port (AT_METRICS_PORT) must be between 0 and 65535");
    Map<String, String> env = IngestParse.envWithEs();
    env.put("AT_LOG_FORMAT", "xml");
    assertThat(cli.run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--log-format (AT_LOG_FORMAT) 'xml' is not a log format: use text or json");
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
