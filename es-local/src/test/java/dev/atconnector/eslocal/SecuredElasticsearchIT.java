package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SecuredElasticsearchExtension.class)
class SecuredElasticsearchIT {
  @Test
  void httpsWithTheCaAndTheSuperuserOnly(SecuredElasticsearch es) throws Exception {
    assertThat(es.uri().getScheme()).isEqualTo("https");
    EsHttp http = new EsHttp(es.sslContext());
    HttpResponse<String> health = http.send(es.superuser(), "GET", "/_cluster/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(http.send(EsEndpoint.of(es.uri()), "GET", "/_cluster/health", null).statusCode())
        .as("no credential").isEqualTo(401);
    assertThat(es.caFingerprint()).matches("[0-9a-f]{64}");
    assertThat(Files.readString(es.caCert())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThatThrownBy(() -> new EsHttp().send(es.superuser(), "GET", "/_cluster/health", null))
        .as("the JDK's trust store does not know the CA").isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theNodeCertificateNamesOnlyTheIpSoLocalhostIsAHostNameMismatch(SecuredElasticsearch es) {
    EsEndpoint byName = new EsEndpoint(URI.create("https://localhost:" + es.uri().getPort()),
        SecuredElasticsearch.SUPERUSER, "irrelevant", null);
    assertThatThrownBy(() -> new EsHttp(es.sslContext()).send(byName, "GET", "/_cluster/health", null))
        .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
  }

  @Test
  void fileUsersGetExactlyTheirRoleWhileTheNodeRuns(SecuredElasticsearch es) throws Exception {
    EsEndpoint reader = es.addUser("eslocal-reader", "reader-password-1", "eslocal_read",
        "{\"cluster\":[\"monitor\"],\"indices\":[{\"names\":[\"eslocal-sec-*\"],\"privileges\":[\"read\"]}]}");
    EsHttp http = new EsHttp(es.sslContext());
    assertThat(http.send(es.superuser(), "PUT", "/eslocal-sec-1/_doc/1?refresh=true", "{\"a\":1}").statusCode())
        .isEqualTo(201);
    assertThat(http.send(reader, "GET", "/eslocal-sec-1/_doc/1", null).statusCode()).isEqualTo(200);
    HttpResponse<String> write = http.send(reader, "PUT", "/eslocal-sec-1/_doc/2", "{\"a\":2}");
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("is unauthorized for user [eslocal-reader]");
    assertThat(http.send(es.endpoint("eslocal-reader", "wrong"), "GET", "/_cluster/health", null).statusCode())
        .isEqualTo(401);
    http.send(es.superuser(), "DELETE", "/eslocal-sec-1", null);
  }
}
