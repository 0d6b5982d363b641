package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.es.FakeTlsEsExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17: the commands that read Elasticsearch (besides ingest and setup) explain an untrusted certificate in the
 * one line ingest gives, naming the options that trust the cluster, instead of the raw TLS exception.
 */
class EsTlsCommandsTest {
  @RegisterExtension // its CA is not in the JDK's trust store
  static final FakeTlsEsExtension es = new FakeTlsEsExtension();

  @ParameterizedTest
  @ValueSource(strings = {"checkpoints", "dead-letter list", "dead-letter replay"})
  void anUntrustedCertificateIsOneLineNamingTheTrustOptions(String command) {
    try (CliCapture cli = new CliCapture(Map.of("ES_URL", es.url()))) {
      CliCapture.Result r = cli.run(command.split(" "));

      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(r.oneLineError()).as(r.toString()).isTrue();
      assertThat(r.err()).as(r.toString())
          .contains("the TLS handshake with Elasticsearch at " + es.url() + " failed, trusting the JDK's trust store")
          .contains("--es-ca-cert (ES_CA_CERT)", "--es-ca-fingerprint (ES_CA_FINGERPRINT)")
          .doesNotContain("SSLHandshakeException");
    }
  }
}
