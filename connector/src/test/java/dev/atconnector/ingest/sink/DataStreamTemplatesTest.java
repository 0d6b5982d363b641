package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.setup.FakeKibana;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * The data stream template's lifecycle on clusters the test Elasticsearch cannot stand for: with ILM (a policy with
 * the retention as delete phase, attached by @lifecycle) and with the built-in logs@ components present. A fake
 * Elasticsearch on loopback answers every resource as absent and keeps what was PUT.
 */
class DataStreamTemplatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ABSENT = "{\"error\":{\"type\":\"resource_not_found_exception\",\"reason\":\"none\"},"
      + "\"status\":404}";

  private static final class FakeEs {
    final Map<String, JsonNode> put = new ConcurrentHashMap<>();
    final boolean ilm;

    FakeEs(boolean ilm) {
      this.ilm = ilm;
    }

    FakeKibana.Reply answer(FakeKibana.Received r) {
      String path = r.uri().replaceFirst("\\?.*", "");
      if (path.equals("/_ilm/status")) {
        return ilm ? new FakeKibana.Reply(200, "{\"operation_mode\":\"RUNNING\"}")
            : new FakeKibana.Reply(405, "{\"error\":\"Incorrect HTTP method\",\"status\":405}");
      }
      if (r.method().equals("HEAD")) {
        return new FakeKibana.Reply(path.startsWith("/_component_template/logs@") ? 200 : 404, "");
      }
      if (r.method().equals("PUT")) {
        try {
          put.put(path, JSON.readTree(r.body()));
        } catch (IOException e) {
          return new FakeKibana.Reply(400, ABSENT);
        }
        return new FakeKibana.Reply(200, "{\"acknowledged\":true}");
      }
      return new FakeKibana.Reply(404, ABSENT);
    }
  }

  private static List<Entry> install(FakeEs es, Optional<String> retention) {
    try (FakeKibana server = new FakeKibana(es::answer);
        RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", server.uri().getPort(), "http")).build()) {
      return DataStreamTemplates.install(new ElasticsearchClient(new RestClientTransport(rest,
          new JacksonJsonpMapper())), retention, false);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void withIlmThePolicyDeletesAfterTheRetentionAndIsAttachedByLifecycle() {
    FakeEs es = new FakeEs(true);
    List<Entry> entries = install(es, Optional.of("400d"));
    JsonNode policy = es.put.get("/_ilm/policy/logs-ibmcloud.activity_tracker");
    assertThat(policy.at("/policy/phases/hot/actions/rollover/max_age").asText()).isEqualTo("30d");
    assertThat(policy.at("/policy/phases/delete/min_age").asText()).isEqualTo("400d");
    assertThat(es.put.get("/_component_template/logs-ibmcloud.activity_tracker@lifecycle")
        .at("/template/settings/index/lifecycle/name").asText()).isEqualTo("logs-ibmcloud.activity_tracker");
    JsonNode template = es.put.get("/_index_template/logs-ibmcloud.activity_tracker");
    assertThat(template.at("/template/lifecycle").isMissingNode()).isTrue();
    assertThat(template.path("composed_of").toString()).contains("logs-ibmcloud.activity_tracker@lifecycle");
    assertThat(entries).filteredOn(e -> e.name().equals("logs@settings")).singleElement()
        .extracting(Entry::outcome).isEqualTo(Outcome.KEPT);
  }

  @Test
  void withoutIlmTheDataStreamLifecycleKeepsTheRetention() {
    FakeEs es = new FakeEs(false);
    List<Entry> entries = install(es, Optional.of("90d"));
    assertThat(es.put).doesNotContainKey("/_ilm/policy/logs-ibmcloud.activity_tracker");
    JsonNode template = es.put.get("/_index_template/logs-ibmcloud.activity_tracker");
    assertThat(template.at("/template/lifecycle/data_retention").asText()).isEqualTo("90d");
    assertThat(template.path("composed_of").toString()).doesNotContain("@lifecycle")
        .startsWith("[\"logs@settings\",\"logs@mappings\",");
    assertThat(template.path("data_stream").isObject()).isTrue();
    assertThat(template.path("priority").asInt()).isEqualTo(200);
    assertThat(entries).anySatisfy(e -> assertThat(e.detail()).contains("data stream lifecycle, retention 90d"));
  }
}
