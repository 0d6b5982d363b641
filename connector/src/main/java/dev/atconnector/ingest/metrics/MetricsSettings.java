package dev.atconnector.ingest.metrics;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where to serve {@code /metrics} and the health endpoints; no port means no server (the meters still count, for the
 * summary line).
 *
 * @param port the TCP port, 0 for any free one (the bound port is logged)
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 */
public record MetricsSettings(OptionalInt port, String host) {
  public static final MetricsSettings NONE = new MetricsSettings(OptionalInt.empty(), "0.0.0.0");

  public MetricsSettings {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(host, "host");
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port.getAsInt());
    }
  }

  public boolean enabled() {
    return port.isPresent();
  }
}
