package dev.atconnector.ingest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * TLS to Activity Tracker and its token endpoint: certificates are always verified (no option turns that off);
 * {@code --ca-cert} adds trust in a private CA instead of the JDK's default trust store.
 */
final class TlsOptions {
  @Option(names = "--ca-cert", paramLabel = "PEM",
      description = "CA certificate(s) to trust for the Activity Tracker and UAA https endpoints, instead of the "
          + "JDK's trust store (AT_CA_CERT)")
  Path caCert;
}
