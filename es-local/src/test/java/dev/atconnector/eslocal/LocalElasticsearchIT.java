package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ElasticsearchExtension.class)
class LocalElasticsearchIT {
  private final EsHttp http = new EsHttp();

  @Test
  void clusterIsHealthyAndSingleNode(EsEndpoint es) throws Exception {
    HttpResponse<String> health = http.send(es, "GET", "/_cluster/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"number_of_nodes\":1").containsPattern("\"status\":\"(green|yellow)\"");
    // the integ-test-zip has no "GET /" (main action): ask the node itself for its version
    assertThat(http.send(es, "GET", "/_nodes/_local?filter_path=nodes.*.version", null).body())
        .contains("\"version\":\"" + Distribution.version() + "\"");
  }

  @Test
  void indexesAndFindsADocument(EsEndpoint es) throws Exception {
    String index = "eslocal-roundtrip-" + System.nanoTime();
    HttpResponse<String> put = http.send(es, "PUT", "/" + index + "/_doc/1?refresh=true",
        "{\"action\":\"iam.login\",\"message\":\"user logged in\"}");
    assertThat(put.statusCode()).isEqualTo(201);

    HttpResponse<String> search = http.send(es, "POST", "/" + index + "/_search",
        "{\"query\":{\"match\":{\"message\":\"logged\"}}}");
    assertThat(search.body()).contains("\"value\":1").contains("\"_id\":\"1\"");
    assertThat(http.send(es, "DELETE", "/" + index, null).statusCode()).isEqualTo(200);
  }

  @Test
  void sameEndpointForEveryTestInTheJvm(EsEndpoint first, EsEndpoint second) {
    assertThat(first).isSameAs(second);
    assertThat(first.uri().getHost()).isIn("127.0.0.1", "localhost");
  }

  @Test
  void startupFailureReportsTheElasticsearchLogLines(@TempDir Path dir) {
    // a line of the node's JVM options that is not one: Elasticsearch's launcher refuses it before it starts the
    // server JVM (an unknown -E setting is refused only after the server's bootstrap, some 10 s later)
    LocalElasticsearch.Options bad = LocalElasticsearch.Options.defaults()
        .withConfigFiles(Map.of("jvm.options.d/broken.options", "not-a-jvm-option\n"));
    assertThatThrownBy(() -> LocalElasticsearch.start(dir.resolve("bad"), bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining("not-a-jvm-option");
  }
}
