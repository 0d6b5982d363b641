package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.FakeKibana;
import java.io.IOException;
import java.time.Duration;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/** A take-back whose delete Elasticsearch refuses, against a fake Elasticsearch on loopback. */
class SessionRetractionTest {
  private static final String BACKING = ".ds-logs-ibmcloud.activity_tracker-t-000001";
  private static final String REFUSED = "{\"type\":\"security_exception\",\"reason\":\"action "
      + "[indices:data/write/delete] is unauthorized for user [conn] with effective roles [at] on indices ["
      + BACKING + "], this action is granted by the index privileges [delete,write,all]\"}";

  private static final String SHARDS = "\"_shards\":{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}";

  private static FakeKibana.Reply answer(FakeKibana.Received r) {
    if (r.uri().contains("/_refresh")) {
      return new FakeKibana.Reply(200, "{" + SHARDS + "}");
    }
    if (r.uri().contains("/_pit")) {
      return new FakeKibana.Reply(200, r.method().equals("DELETE") ? "{\"succeeded\":true,\"num_freed\":1}"
          : "{\"id\":\"pit-1\"," + SHARDS + "}");
    }
    if (r.uri().contains("/_search")) {
      return new FakeKibana.Reply(200, "{\"took\":1,\"timed_out\":false,\"pit_id\":\"pit-1\"," + SHARDS
          + ",\"hits\":{\"hits\":[{\"_index\":\"" + BACKING + "\",\"_id\":\"e1\",\"_score\":null,\"sort\":[1]}]}}");
    }
    return new FakeKibana.Reply(200, "{\"took\":1,\"errors\":true,\"items\":[{\"delete\":{\"_index\":\"" + BACKING
        + "\",\"_id\":\"e1\",\"status\":403,\"error\":" + REFUSED + "}}]}");
  }

  @Test
  void aDeleteRefusedForMissingPrivilegesIsAnAuthFailureNamingTheAction() throws IOException {
    try (FakeKibana es = new FakeKibana(SessionRetractionTest::answer);
        RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", es.uri().getPort(), "http")).build()) {
      SessionRetraction retraction = new SessionRetraction(EsClients.blocking(EsClients.esClient(rest)),
          new Destination.DataStream("t", java.util.Optional.empty(), java.util.Optional.empty()), "p-dead-letter");

      SinkException e = catchThrowableOfType(SinkException.class,
          () -> retraction.retract("s1", 1).block(Duration.ofSeconds(30)));

      assertThat(e.authFailure()).as("exit 3, not a destination failure").isTrue();
      assertThat(e.failure().kind()).isEqualTo(Kind.AUTH);
      assertThat(EsClients.isAuthFailure(e)).isTrue();
      assertThat(e.getMessage()).contains("could not take back document e1 of session s1", BACKING,
          "indices:data/write/delete", "[delete,write,all]");
    }
  }
}
