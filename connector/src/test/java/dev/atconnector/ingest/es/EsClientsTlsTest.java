package dev.atconnector.ingest.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.BulkTestData;
import dev.atconnector.ingest.sink.EsAuthException;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS and credentials of the Elasticsearch client against a fake https server with keytool-made certificates. */
class EsClientsTlsTest {
  static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
  static final String TOKEN = "dGhpcyBpcyBub3QgYSByZWFsIHRva2VuIGJ1dCBmb3IgdGVzdHM";
  @RegisterExtension
  static final FakeTlsEsExtension es = new FakeTlsEsExtension();

  static EsAccess access(String url, Optional<Secret> apiKey, Optional<Secret> bearer, Optional<Path> ca,
      Optional<String> fingerprint) {
    return new EsAccess(URI.create(url), Optional.empty(), Optional.empty(), apiKey, bearer, ca, fingerprint, false);
  }

  static Response health(EsAccess access) throws Exception {
    try (RestClient rest = EsClients.restClient(access)) {
      return rest.performRequest(new Request("GET", "/_cluster/health"));
    }
  }

  @Test
  void caCertificateFileIsTrustedAndTheApiKeyHeaderIsSent() throws Exception {
    Response r = health(access(es.url(), Optional.of(Secret.of(API_KEY)), Optional.empty(),
        Optional.of(es.certs().caPem), Optional.empty()));
    assertThat(r.getStatusLine().getStatusCode()).isEqualTo(200);
    assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::authorization).isEqualTo("ApiKey " + API_KEY);
  }

  @Test
  void caFingerprintAsElasticsearchPrintsItIsTrustedAndTheBearerHeaderIsSent() throws Exception {
    Response r = health(access(es.url(), Optional.empty(), Optional.of(Secret.of(TOKEN)), Optional.empty(),
        Optional.of(TestCerts.colonFingerprint(es.certs().ca))));
    assertThat(r.getStatusLine().getStatusCode()).isEqualTo(200);
    assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::authorization).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void fingerprintOfTheServerCertificateItselfIsTrustedAndBasicAuthIsPreemptive() throws Exception {
    EsAccess basic = new EsAccess(URI.create(es.url()), Optional.of("elastic"), Optional.of(Secret.of("pa:ss")),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(TestCerts.sha256(es.certs().server)), false);
    int before = es.seen().size();
    assertThat(health(basic).getStatusLine().getStatusCode()).isEqualTo(200);
    // one request, credentials on it: no challenge round trip that would send a bulk body twice
    assertThat(es.seen()).hasSize(before + 1);
    assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::authorization).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("elastic:pa:ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFingerprintMatchingNoCertificateOfTheChainFailsTheHandshakeAndSaysSo() throws Exception {
    EsAccess wrong = access(es.url(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(TestCerts.sha256(es.certs().rogue)));
    assertThatThrownBy(() -> health(wrong))
        .satisfies(e -> assertThat(causes(e)).anySatisfy(t -> assertThat(t)
            .isInstanceOf(SSLException.class)))
        .satisfies(e -> assertThat(trace(e))
            .contains("no certificate in the server's chain has the SHA-256 fingerprint of ES_CA_FINGERPRINT")
            .contains(TestCerts.sha256(es.certs().server)));
  }

  @Test
  void aRogueServerAppendingThePinnedCaToItsOwnChainIsRejected() throws Exception {
    try (FakeTlsEs rogue = new FakeTlsEs(es.certs().rogueTls())) {
      EsAccess pinned = access(rogue.url(), Optional.of(Secret.of(API_KEY)), Optional.empty(), Optional.empty(),
          Optional.of(TestCerts.sha256(es.certs().ca)));
      assertThatThrownBy(() -> health(pinned))
          .satisfies(e -> assertThat(causes(e)).anySatisfy(t -> assertThat(t).isInstanceOf(SSLException.class)))
          // the fingerprint did match the appended CA: it is the chain validation that refused the server
          .satisfies(e -> assertThat(trace(e)).doesNotContain("no certificate in the server's chain")
              .contains("PKIX path"));
      // the handshake failed, so the API key never went to the rogue server
      assertThat(rogue.seen()).isEmpty();
    }
  }

  @Test
  void withoutCaOrFingerprintTheJdkTrustStoreRejectsAPrivateCa() {
    EsAccess plain = access(es.url(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> health(plain)).satisfies(e -> assertThat(causes(e))
        .anySatisfy(t -> assertThat(t).isInstanceOf(SSLException.class)));
  }

  @Test
  void aCaFileOfAnotherCaIsRejected() throws Exception {
    Path other = es.certs().dir.resolve("rogue-as-ca.pem");
    Files.writeString(other, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(es.certs().rogue.getEncoded())
        + "\n-----END CERTIFICATE-----\n", StandardCharsets.UTF_8);
    EsAccess wrongCa = access(es.url(), Optional.empty(), Optional.empty(), Optional.of(other), Optional.empty());
    assertThatThrownBy(() -> health(wrongCa)).satisfies(e -> assertThat(causes(e))
        .anySatisfy(t -> assertThat(t).isInstanceOf(SSLException.class)));
  }

  @Test
  void a401NamesTheCredentialKindAndItsFileButNeverItsValue() throws Exception {
    es.answer(401, FakeTlsEs.UNAUTHORIZED);
    Path keyFile = es.certs().dir.resolve("es-api-key");
    Files.writeString(keyFile, API_KEY + "\n", StandardCharsets.UTF_8);
    EsAccess access = access(es.url(), Optional.of(Secret.of(API_KEY).from("ES_API_KEY_FILE=" + keyFile)),
        Optional.empty(), Optional.of(es.certs().caPem), Optional.empty());
    try (RestClient rest = EsClients.restClient(access)) {
      var client = EsClients.esClient(rest);
      Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> client.cluster().health().get(30, TimeUnit.SECONDS));
      Throwable explained = EsClients.explainAuth(failure, access);
      assertThat(explained).isInstanceOf(EsAuthException.class);
      assertThat(explained.getMessage())
          .contains("rejected the API key from ES_API_KEY_FILE=" + keyFile)
          .contains("HTTP 401")
          .doesNotContain(API_KEY);
      assertThat(trace(explained)).doesNotContain(API_KEY);
    }
  }

  @Test
  void aBulkRequestRefusedWith403DuringTheRunNamesTheCredentialToo() throws Exception {
    es.answer(403, FakeTlsEs.UNAUTHORIZED.replace("401", "403"));
    EsAccess access = access(es.url(), Optional.of(Secret.of(API_KEY).from("ES_API_KEY")), Optional.empty(),
        Optional.of(es.certs().caPem), Optional.empty());
    try (RestClient rest = EsClients.restClient(access)) {
      BulkSink sink = new BulkSink(EsClients.esClient(rest), BulkTestData.options(10, 1, 0),
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(SinkException.class,
          () -> sink.write(reactor.core.publisher.Flux.just(BulkTestData.doc(1)))
              .blockLast(java.time.Duration.ofSeconds(60)));
      Throwable explained = EsClients.explainAuth(failure, access);
      assertThat(explained).isInstanceOf(EsAuthException.class);
      assertThat(explained.getMessage()).contains("accepted the API key from ES_API_KEY but refused the request")
          .contains("HTTP 403").doesNotContain(API_KEY);
      assertThat(es.seen()).last().extracting(FakeTlsEs.Seen::path).asString().startsWith("/_bulk");
    }
  }

  static java.util.List<Throwable> causes(Throwable e) {
    java.util.List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  static String trace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
