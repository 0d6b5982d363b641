package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How ingest is told where Elasticsearch is: several hosts, an Elastic Cloud ID; and where metrics bind. */
class EsConnectionOptionsTest {
  private final IngestParse cli = new IngestParse();

  @Test
  void severalHostsCommaSeparatedOrRepeatedOrFromEsUrl() {
    assertThat(cli.run(IngestParse.env(), "ingest", "--es-url", "https://es1:9200,https://es2:9200", "--es-url", "https://es3:9200"))
        .as(cli.err()).isZero();
    assertThat(cli.config().esAccess().urls()).containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"),
        URI.create("https://es3:9200"));
    assertThat(cli.config().esAccess().url()).isEqualTo(URI.create("https://es1:9200"));

    Map<String, String> env = IngestParse.env();
    env.put("ES_URL", "http://a:9200, http://b:9200");
    assertThat(cli.run(env, "ingest")).as(cli.err()).isZero();
    assertThat(cli.config().esAccess().urls()).containsExactly(URI.create("http://a:9200"), URI.create("http://b:9200"));
  }

  @Test
  void hostsOfMixedSchemesAreAUsageError() {
    assertThat(cli.run(IngestParse.env(), "ingest", "--es-url", "https://es1:9200,http://es2:9200"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--es-url (ES_URL)", "all http or all https");
  }

  @Test
  void aCloudIdStandsForTheUrl() {
    String cloudId = "prod:" + Base64.getEncoder().encodeToString(
        "europe-west3.gcp.cloud.es.io$0123456789abcdef$fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = IngestParse.env();
    env.put("ES_CLOUD_ID", cloudId);
    assertThat(cli.run(env, "ingest")).as(cli.err()).isZero();
    assertThat(cli.config().esAccess().url()).isEqualTo(URI.create("https://0123456789abcdef.europe-west3.gcp.cloud.es.io:443"));

    assertThat(cli.run(env, "ingest", "--es-url", "https://es1:9200")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("both --es-url (ES_URL) and --es-cloud-id (ES_CLOUD_ID)");
  }

  @Test
  void neitherUrlNorCloudIdNamesBoth() {
    assertThat(cli.run(IngestParse.env(), "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--es-url (ES_URL) or --es-cloud-id (ES_CLOUD_ID) is required");
  }

  @Test
  void anApiKeyThatIsNeitherIdColonKeyNorEncodedIsRefusedWithoutShowingIt() {
    Map<String, String> env = IngestParse.env();
    env.put("ES_URL", "https://es1:9200");
    env.put("ES_API_KEY", "id:key:extra secret");
    assertThat(cli.run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("ES_API_KEY", "id:api_key", "encoded").doesNotContain("extra secret");
  }

  @Test
  void metricsBindLoopbackUnlessAHostIsGiven() {
    Map<String, String> env = IngestParse.env();
    env.put("ES_URL", "http://127.0.0.1:2");
    assertThat(cli.run(env, "ingest", "--metrics-port", "0")).isZero();
    assertThat(cli.config().metrics().host()).isEqualTo("127.0.0.1");
    assertThat(cli.run(env, "ingest", "--metrics-port", "0", "--metrics-host", "0.0.0.0")).isZero();
    assertThat(cli.config().metrics().host()).isEqualTo("0.0.0.0");
  }
}
