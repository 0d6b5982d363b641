package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EsEndpointTest {

  @Test
  void unsetOrBlankEsUrlMeansNoExternalCluster() {
    assertThat(EsEndpoint.fromEnvironment(Map.of())).isEmpty();
    assertThat(EsEndpoint.fromEnvironment(Map.of("ES_URL", "  "))).isEmpty();
  }

  @Test
  void esUrlWithBasicAuthBuildsBasicHeaderAndHidesPassword() {
    EsEndpoint e = EsEndpoint.fromEnvironment(Map.of(
        "ES_URL", "https://es.example:9243/", "ES_USERNAME", "elastic", "ES_PASSWORD", "s3cr3t"))
        .orElseThrow();
    assertThat(e.uri()).isEqualTo(URI.create("https://es.example:9243"));
    assertThat(e.authorizationHeader()).contains("Basic ZWxhc3RpYzpzM2NyM3Q=");
    assertThat(e.toString()).contains("basic(elastic)").doesNotContain("s3cr3t");
    assertThat(e.port()).isEqualTo(9243);
  }

  @Test
  void apiKeyBuildsApiKeyHeaderAndIsNeverPrinted() {
    EsEndpoint e = EsEndpoint.fromEnvironment(Map.of("ES_URL", "https://h", "ES_API_KEY", "abc=="))
        .orElseThrow();
    assertThat(e.authorizationHeader()).contains("ApiKey abc==");
    assertThat(e.toString()).contains("auth=apiKey").doesNotContain("abc==");
    assertThat(e.port()).isEqualTo(443);
  }

  @Test
  void noCredentialsMeansNoHeader() {
    EsEndpoint e = EsEndpoint.of(URI.create("http://127.0.0.1:9200"));
    assertThat(e.authorizationHeader()).isEmpty();
    assertThat(e.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void rejectsCredentialsInsideTheUrlWithoutEchoingThem() {
    assertThatThrownBy(() -> EsEndpoint.fromEnvironment(Map.of("ES_URL", "http://u:pw@h:9200")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ES_USERNAME")
        .message().doesNotContain("pw");
  }

  @Test
  void rejectsHalfBasicAuthAndMixedAuth() {
    assertThatThrownBy(() -> EsEndpoint.fromEnvironment(Map.of("ES_URL", "http://h", "ES_USERNAME", "u")))
        .hasMessageContaining("both ES_USERNAME and ES_PASSWORD");
    assertThatThrownBy(() -> new EsEndpoint(URI.create("http://h"), "u", "p", "k"))
        .hasMessageContaining("not both");
  }

  @Test
  void rejectsNonHttpSchemesNamingTheValue() {
    assertThatThrownBy(() -> EsEndpoint.fromEnvironment(Map.of("ES_URL", "localhost:9200")))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> EsEndpoint.fromEnvironment(Map.of("ES_URL", "http://bad host")))
        .hasMessageContaining("ES_URL is not a valid URI");
  }
}
