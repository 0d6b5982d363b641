package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Docker alternative (es.fixture=testcontainers); skipped on machines without an engine. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersElasticsearchIT {
  @Container
  static final ElasticsearchContainer ES = ContainerCluster.newContainer(Distribution.version());

  @Test
  void containerRunsTheSameVersionWithoutSecurity() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI root = URI.create("http://" + ES.getHttpHostAddress() + "/");
    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).contains("\"number\" : \"" + Distribution.version() + "\"");
  }
}
