package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared node goes down and comes back on the same port with its data (what the fault suite relies on). */
@ExtendWith(ElasticsearchExtension.class)
class LocalElasticsearchRestartIT {
  private final EsHttp http = new EsHttp();

  @Test
  void stopRefusesConnectionsAndRestartComesBackOnTheSamePortWithTheData(EsEndpoint es) throws Exception {
    LocalElasticsearch node = ElasticsearchExtension.localNode().orElse(null);
    assumeTrue(node != null, "needs the local fixture (no ES_URL, es.fixture=local)");
    String index = "eslocal-restart-" + System.nanoTime();
    assertThat(http.send(es, "PUT", "/" + index + "/_doc/1?refresh=true", "{\"action\":\"iam.login\"}").statusCode())
        .isEqualTo(201);
    long firstPid = node.pid();

    node.stop();
    assertThat(node.isRunning()).isFalse();
    assertThatThrownBy(() -> http.send(es, "GET", "/_cluster/health", null)).isInstanceOf(ConnectException.class);

    node.restart();
    assertThat(node.isRunning()).isTrue();
    assertThat(node.pid()).isNotEqualTo(firstPid);
    assertThat(node.httpPort()).isEqualTo(es.port());
    HttpResponse<String> doc = http.send(es, "GET", "/" + index + "/_doc/1", null);
    assertThat(doc.statusCode()).as(doc.body()).isEqualTo(200);
    assertThat(doc.body()).contains("\"found\":true").contains("iam.login");
    assertThat(http.send(es, "DELETE", "/" + index, null).statusCode()).isEqualTo(200);
  }
}
