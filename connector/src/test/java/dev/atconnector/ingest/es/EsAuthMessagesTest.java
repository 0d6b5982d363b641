package dev.atconnector.ingest.es;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a 403 and a refused certificate say: Elasticsearch's own words about what is missing, in one line. */
class EsAuthMessagesTest {
  private static final EsAccess BASIC = new EsAccess(URI.create("https://es:9200"), Optional.of("conn"),
      Optional.of(Secret.of("pw-value-not-for-output").from("ES_PASSWORD")), Optional.empty(), Optional.empty(),
      Optional.of(Path.of("/certs/ca.crt")), Optional.empty(), false);

  @Test
  void a403NamesTheRefusedActionAndThePrivilegesThatGrantIt() {
    // a bulk item's security_exception as Elasticsearch 8.19 words it (cluster and index forms)
    SinkException item = new SinkException("refused (HTTP 403): HTTP 403 security_exception: action "
        + "[indices:admin/auto_create] is unauthorized for user [conn] with effective roles [a,b] on indices "
        + "[logs-2019.07], this action is granted by the index privileges [auto_configure,create_index,manage,all]",
        true, 403, null);
    String message = EsClients.explainAuth(item, BASIC).getMessage();
    assertThat(message).contains("accepted the password of user 'conn' from ES_PASSWORD",
        "action [indices:admin/auto_create] on [logs-2019.07] needs one of the index privileges "
            + "[auto_configure,create_index,manage,all]", "setup --print-role")
        .doesNotContain("pw-value-not-for-output").doesNotContain("\n");
    SinkException cluster = new SinkException("HTTP 403 security_exception: action [cluster:admin/component_template/put]"
        + " is unauthorized for user [conn] with effective roles [r], this action is granted by the cluster "
        + "privileges [manage_index_templates,manage,all]", true, 403, null);
    assertThat(EsClients.explainAuth(cluster, BASIC).getMessage()).contains("action "
        + "[cluster:admin/component_template/put] needs one of the cluster privileges [manage_index_templates,manage,all]");
  }

  @Test
  void aRefusedCertificateSaysItIsTheTlsHandshakeWhichTrustWasUsedAndWhatFixesIt() {
    Exception failure = new RuntimeException("request failed", new SSLHandshakeException("PKIX path building failed"));
    assertThat(EsClients.tlsProblem(failure, BASIC)).hasValueSatisfying(m -> assertThat(m)
        .contains("TLS handshake with Elasticsearch at https://es:9200", "--es-ca-cert (ES_CA_CERT) /certs/ca.crt",
            "PKIX path building failed", "--es-ca-fingerprint").doesNotContain("\n"));
    assertThat(EsClients.tlsProblem(new java.io.IOException("Connection refused"), BASIC)).isEmpty();
  }
}
