package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.metrics.LogFormat;
import dev.atconnector.ingest.metrics.MetricsSettings;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** Metrics, health endpoints and the log format of {@code ingest}. */
final class ObservabilityOptions {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "serve /metrics (Prometheus), /health/live and /health/ready on this port; 0 picks a free one, "
          + "logged at start (default: no server) (AT_METRICS_PORT)")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "address the metrics server binds (default ${DEFAULT-VALUE}: this host only; 0.0.0.0 for every "
          + "interface, e.g. in a container whose port is published) (AT_METRICS_HOST)")
  String metricsHost;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "stderr log lines: text, or json (ECS, one object per line) (default ${DEFAULT-VALUE}) "
          + "(AT_LOG_FORMAT)")
  String logFormat;

  /** Parsed as every command's {@code --log-format} ({@link LogOptions#parse}). */
  LogFormat logFormat() {
    return LogOptions.parse(logFormat);
  }

  MetricsSettings settings() {
    if (metricsPort == null) {
      return MetricsSettings.NONE;
    }
    int port = Settings.intInRange(metricsPort, 0, 65_535, "--metrics-port (AT_METRICS_PORT)");
    // loopback unless asked: /metrics shows the run's sources and spaces to whoever can reach it
    String host = metricsHost == null || metricsHost.isBlank() ? "127.0.0.1" : metricsHost.strip();
    return new MetricsSettings(OptionalInt.of(port), host);
  }
}
