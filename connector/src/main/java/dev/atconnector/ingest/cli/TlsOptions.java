package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;
import reactor.netty.http.client.HttpClient;

/**
 * TLS to Activity Tracker and its token endpoint: certificates are always verified (no option turns that off);
 * {@code --ca-cert} adds trust in a private CA instead of the JDK's default trust store.
 */
final class TlsOptions {
  @Option(names = "--ca-cert", paramLabel = "PEM",
      description = "CA certificate(s) to trust for the Activity Tracker and UAA https endpoints, instead of the "
          + "JDK's trust store (AT_CA_CERT)")
  Path caCert;

  HttpClient apply(HttpClient http) {
    if (caCert == null) {
      return http;
    }
    if (!Files.isReadable(caCert)) {
      throw new ConfigException("--ca-cert (AT_CA_CERT) " + caCert + " cannot be read: give a PEM CA certificate");
    }
    SslContext ssl;
    try {
      ssl = SslContextBuilder.forClient().trustManager(caCert.toFile()).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigException("--ca-cert (AT_CA_CERT) " + caCert + " holds no usable certificate ("
          + e.getClass().getSimpleName() + "): give a PEM CA certificate", e);
    }
    return http.secure(spec -> spec.sslContext(ssl));
  }
}
