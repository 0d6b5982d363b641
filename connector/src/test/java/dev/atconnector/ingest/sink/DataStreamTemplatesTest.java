package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.Destination;
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
    /** What GET answers per path (what the cluster has already); anything else is absent. */
    final Map<String, String> has = new ConcurrentHashMap<>();
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
      if (r.method().equals("GET") && has.containsKey(path)) {
        return new FakeKibana.Reply(200, has.get(path));
      }
      if (r.method().equals("GET") && path.endsWith("/_mapping")) {
        return new FakeKibana.Reply(200, "{}"); // no such stream yet: ignore_unavailable
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
    return install(es, retention, null);
  }

  /** With {@code stream}: the install for that destination, which may exist. */
  private static List<Entry> install(FakeEs es, Optional<String> retention, Destination.DataStream stream) {
    try (FakeKibana server = new FakeKibana(es::answer);
        RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", server.uri().getPort(), "http")).build()) {
      ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
      return stream == null ? DataStreamTemplates.install(client, retention, false)
          : DataStreamTemplates.install(client, stream, false);
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

  private static final String POLICY = "/_ilm/policy/logs-ibmcloud.activity_tracker";

  private static Destination.DataStream prod(String retention) {
    return new Destination.DataStream("prod", Optional.empty(), Optional.ofNullable(retention));
  }

  @Test
  void withIlmAChangedRetentionMovesOnlyTheDeletePhaseOfTheExistingPolicy() {
    FakeEs es = new FakeEs(true);
    es.has.put(POLICY, "{\"logs-ibmcloud.activity_tracker\":{\"version\":2,\"policy\":{\"_meta\":{\"managed_by\":"
        + "\"user\"},\"phases\":{\"hot\":{\"min_age\":\"0ms\",\"actions\":{\"rollover\":{\"max_age\":\"7d\"}}},"
        + "\"delete\":{\"min_age\":\"400d\",\"actions\":{\"wait_for_snapshot\":{\"policy\":\"nightly\"},"
        + "\"delete\":{}}}}}}}");

    List<Entry> changed = install(es, Optional.empty(), prod("30d"));

    JsonNode policy = es.put.get(POLICY).path("policy");
    assertThat(policy.at("/phases/delete/min_age").asText()).isEqualTo("30d");
    assertThat(policy.at("/phases/delete/actions/wait_for_snapshot/policy").asText()).isEqualTo("nightly");
    assertThat(policy.at("/phases/hot/actions/rollover/max_age").asText()).as("the user's").isEqualTo("7d");
    assertThat(policy.at("/_meta/managed_by").asText()).isEqualTo("user");
    assertThat(changed).filteredOn(e -> e.kind().equals("ilm_policy")).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.UPDATED);
      assertThat(e.detail()).contains("delete phase min_age 400d -> 30d");
    });

    for (String same : new String[] {"400d", "9600h", null}) {
      FakeEs again = new FakeEs(true);
      again.has.putAll(es.has);
      List<Entry> entries = install(again, Optional.empty(), prod(same));
      assertThat(again.put).as("retention %s", same).doesNotContainKey(POLICY);
      assertThat(entries).filteredOn(e -> e.kind().equals("ilm_policy")).singleElement()
          .extracting(Entry::outcome).isEqualTo(Outcome.KEPT);
    }
  }

  @Test
  void withIlmAPolicyWithoutDeletePhaseGetsOneForAGivenRetention() {
    FakeEs es = new FakeEs(true);
    es.has.put(POLICY, "{\"logs-ibmcloud.activity_tracker\":{\"policy\":{\"phases\":{\"hot\":{\"actions\":{}}}}}}");
    List<Entry> entries = install(es, Optional.empty(), prod("90d"));
    assertThat(es.put.get(POLICY).at("/policy/phases/delete/min_age").asText()).isEqualTo("90d");
    assertThat(es.put.get(POLICY).at("/policy/phases/delete/actions/delete").isObject()).isTrue();
    assertThat(entries).anySatisfy(e -> assertThat(e.detail()).contains("none (kept for ever) -> 90d"));
  }

  @Test
  void withoutIlmAChangedRetentionRewritesTheTemplatesLifecycleAndTheExistingStreams() {
    FakeEs es = new FakeEs(false);
    String stream = "/_data_stream/logs-ibmcloud.activity_tracker-prod/_lifecycle";
    es.has.put("/_index_template/logs-ibmcloud.activity_tracker", "{\"index_templates\":[{\"name\":"
        + "\"logs-ibmcloud.activity_tracker\",\"index_template\":{"
        + "\"index_patterns\":[\"logs-ibmcloud.activity_tracker-*\"],"
        + "\"composed_of\":[],\"version\":3,\"data_stream\":{},\"template\":{\"lifecycle\":{\"enabled\":true,"
        + "\"data_retention\":\"400d\"}}}}]}");
    es.has.put(stream, "{\"data_streams\":[{\"name\":\"logs-ibmcloud.activity_tracker-prod\",\"lifecycle\":{"
        + "\"enabled\":true,\"data_retention\":\"400d\",\"effective_retention\":\"400d\","
        + "\"retention_determined_by\":\"data_stream_configuration\",\"downsampling\":[{\"after\":\"1d\","
        + "\"fixed_interval\":\"1h\"}]}}]}");

    List<Entry> entries = install(es, Optional.empty(), prod("30d"));

    assertThat(es.put.get("/_index_template/logs-ibmcloud.activity_tracker").at("/template/lifecycle/data_retention")
        .asText()).isEqualTo("30d");
    JsonNode lifecycle = es.put.get(stream);
    assertThat(lifecycle.path("data_retention").asText()).isEqualTo("30d");
    assertThat(lifecycle.at("/downsampling/0/fixed_interval").asText()).as("the rest kept").isEqualTo("1h");
    assertThat(lifecycle.has("effective_retention")).as("computed by Elasticsearch, not sent").isFalse();
    assertThat(entries).anySatisfy(e -> assertThat(e.detail()).contains("data_retention 400d -> 30d"));
    assertThat(entries).filteredOn(e -> e.kind().equals(RetentionUpdate.LIFECYCLE)).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.UPDATED));

    FakeEs same = new FakeEs(false);
    same.has.putAll(es.has);
    install(same, Optional.empty(), prod("400d"));
    assertThat(same.put).doesNotContainKeys(stream, "/_index_template/logs-ibmcloud.activity_tracker");
  }

  @Test
  void durationsCompareByTime() {
    assertThat(RetentionUpdate.sameDuration("400d", "9600h")).isTrue();
    assertThat(RetentionUpdate.sameDuration("30d", "31d")).isFalse();
    assertThat(RetentionUpdate.sameDuration("1d", "86400s")).isTrue();
  }
}
