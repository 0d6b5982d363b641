package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared node goes down and comes back on the same port with its data (what the fault suite relies on). */
@ExtendWith(ElasticsearchExtension.class)
class LocalElasticsearchRestartIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void stopRefusesConnectionsAndRestartComesBackOnTheSamePortWithTheData(EsEndpoint es) throws Exception {
    LocalElasticsearch node = ElasticsearchExtension.localNode().orElse(null);
    assumeTrue(node != null, "needs the local fixture (no ES_URL, es.fixture=local)");
    String index = "eslocal-restart-" + System.nanoTime();
    assertThat(send(es, "PUT", "/" + index + "/_doc/1?refresh=true", "{\"action\":\"iam.login\"}").statusCode())
        .isEqualTo(201);
    long firstPid = node.pid();

    node.stop();
    assertThat(node.isRunning()).isFalse();
    assertThatThrownBy(() -> send(es, "GET", "/_cluster/health", null)).isInstanceOf(ConnectException.class);

    node.restart();
    assertThat(node.isRunning()).isTrue();
    assertThat(node.pid()).isNotEqualTo(firstPid);
    assertThat(node.httpPort()).isEqualTo(es.port());
    HttpResponse<String> doc = send(es, "GET", "/" + index + "/_doc/1", null);
    assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
    assertThat(doc.body()).contains("\"found\":true").contains("iam.login");
    assertThat(send(es, "DELETE", "/" + index, null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(EsEndpoint es, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(es.uri() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    es.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
