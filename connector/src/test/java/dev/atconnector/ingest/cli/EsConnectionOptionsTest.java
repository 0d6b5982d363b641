package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.config.IngestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How ingest is told where Elasticsearch is: several hosts, an Elastic Cloud ID; and where metrics bind. */
class EsConnectionOptionsTest {
  private final AtomicReference<IngestConfig> captured = new AtomicReference<>();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    return Cli.run(args, env, new PrintWriter(new StringWriter()), new PrintWriter(err), cfg -> {
      captured.set(cfg);
      return ExitCodes.OK;
    });
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1");
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", "t");
    return env;
  }

  @Test
  void severalHostsCommaSeparatedOrRepeatedOrFromEsUrl() {
    assertThat(run(env(), "ingest", "--es-url", "https://es1:9200,https://es2:9200", "--es-url", "https://es3:9200"))
        .as(err.toString()).isZero();
    assertThat(captured.get().esAccess().urls()).containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"),
        URI.create("https://es3:9200"));
    assertThat(captured.get().esAccess().url()).isEqualTo(URI.create("https://es1:9200"));

    Map<String, String> env = env();
    env.put("ES_URL", "http://a:9200, http://b:9200");
    assertThat(run(env, "ingest")).as(err.toString()).isZero();
    assertThat(captured.get().esAccess().urls()).containsExactly(URI.create("http://a:9200"), URI.create("http://b:9200"));
  }

  @Test
  void hostsOfMixedSchemesAreAUsageError() {
    assertThat(run(env(), "ingest", "--es-url", "https://es1:9200,http://es2:9200")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--es-url (ES_URL)", "all http or all https");
  }

  @Test
  void aCloudIdStandsForTheUrl() {
    String cloudId = "prod:" + Base64.getEncoder().encodeToString(
        "europe-west3.gcp.cloud.es.io$0123456789abcdef$fedcba9876543210".getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = env();
    env.put("ES_CLOUD_ID", cloudId);
    assertThat(run(env, "ingest")).as(err.toString()).isZero();
    assertThat(captured.get().esAccess().url()).isEqualTo(URI.create("https://0123456789abcdef.europe-west3.gcp.cloud.es.io:443"));

    assertThat(run(env, "ingest", "--es-url", "https://es1:9200")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("both --es-url (ES_URL) and --es-cloud-id (ES_CLOUD_ID)");
  }

  @Test
  void neitherUrlNorCloudIdNamesBoth() {
    assertThat(run(env(), "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--es-url (ES_URL) or --es-cloud-id (ES_CLOUD_ID) is required");
  }

  @Test
  void anApiKeyThatIsNeitherIdColonKeyNorEncodedIsRefusedWithoutShowingIt() {
    Map<String, String> env = env();
    env.put("ES_URL", "https://es1:9200");
    env.put("ES_API_KEY", "id:key:extra secret");
    assertThat(run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("ES_API_KEY", "id:api_key", "encoded").doesNotContain("extra secret");
  }

  @Test
  void metricsBindLoopbackUnlessAHostIsGiven() {
    Map<String, String> env = env();
    env.put("ES_URL", "http://127.0.0.1:2");
    assertThat(run(env, "ingest", "--metrics-port", "0")).isZero();
    assertThat(captured.get().metrics().host()).isEqualTo("127.0.0.1");
    assertThat(run(env, "ingest", "--metrics-port", "0", "--metrics-host", "0.0.0.0")).isZero();
    assertThat(captured.get().metrics().host()).isEqualTo("0.0.0.0");
  }
}
