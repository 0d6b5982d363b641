package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped templates against a real Elasticsearch: idempotence, the user hook, and the mapping decisions. */
@ExtendWith(ElasticsearchExtension.class)
class IndexTemplatesIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EsRest es;
  private final ElasticsearchClient client;
  private final String prefix = "it" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000 + "-at-";
  private final String name = IndexTemplates.templateName(prefix);
  private final List<String> indices = new ArrayList<>();

  IndexTemplatesIT(EsEndpoint endpoint) {
    es = new EsRest(endpoint);
    client = es.client;
  }

  @BeforeEach
  void install() {
    IndexTemplates.install(client, prefix);
  }

  @AfterEach
  void cleanUp() throws IOException {
    // the cluster is shared by every IT of this JVM: leave nothing behind
    for (String index : indices) {
      es.call("DELETE", "/" + index + "?ignore_unavailable=true", null);
    }
    es.deleteTemplates(prefix);
    es.close();
  }

  @Test
  void installingAgainChangesNothingAndKeepsCustom() throws IOException {
    JsonNode before = es.call("GET", "/_index_template/" + name, null);

    TemplateReport again = IndexTemplates.install(client, prefix);

    assertThat(again.names(Outcome.INSTALLED)).isEmpty();
    assertThat(again.names(Outcome.KEPT)).contains(name + "@settings", name + "@mappings", name + "@custom",
        name, name + "-dead-letter");
    assertThat(es.call("GET", "/_index_template/" + name, null)).isEqualTo(before);
  }

  @Test
  void withoutIlmThePolicyIsSkippedAndNotReferenced() throws IOException {
    TemplateReport report = IndexTemplates.install(client, prefix);
    boolean ilm = es.attempt("GET", "/_ilm/status", null).has("operation_mode");
    if (ilm) {
      // installed by @BeforeEach already: this second install finds the same version
      assertThat(report.entry("component_template", name + "@lifecycle").orElseThrow().outcome())
          .isEqualTo(Outcome.KEPT);
      return;
    }
    assertThat(report.entry("index_template", name).orElseThrow().outcome()).isEqualTo(Outcome.KEPT);
    TemplateReport.Entry policy = report.entry("ilm_policy", name).orElseThrow();
    assertThat(policy.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(policy.detail()).contains("ILM not available");
    assertThat(report.entry("component_template", name + "@lifecycle").orElseThrow().outcome())
        .isEqualTo(Outcome.SKIPPED);
    JsonNode template = es.call("GET", "/_index_template/" + name, null)
        .at("/index_templates/0/index_template");
    assertThat(template.get("composed_of").toString()).doesNotContain("@lifecycle");
  }

  @Test
  void userCustomTemplateSurvivesReinstallAndApplies() throws IOException {
    es.call("PUT", "/_component_template/" + name + "@custom",
        "{\"template\":{\"settings\":{\"number_of_replicas\":0},"
            + "\"mappings\":{\"properties\":{\"team\":{\"type\":\"text\"}}}}}");

    IndexTemplates.install(client, prefix);

    String index = index("2019.05");
    index(index, "c1", "{\"@timestamp\":\"2019-05-31T19:33:02.970Z\",\"team\":\"blue team\"}");
    JsonNode settings = es.call("GET", "/" + index + "/_settings", null);
    assertThat(settings.at("/" + index + "/settings/index/number_of_replicas").asText()).isEqualTo("0");
    assertThat(es.fieldType(index, "team")).isEqualTo("text");
    assertThat(es.call("GET", "/_component_template/" + name + "@custom", null).toString()).contains("team");
  }

  @Test
  void requestDataAsStringAndAsObjectShareOneMonthlyIndex() throws IOException {
    String index = index("2019.05");
    String old = "{\"@timestamp\":\"2019-05-30T18:42:48.960Z\",\"action\":\"is.load-balancer.listener.create\","
        + "\"requestData\":\"{\\\"headers\\\":{\\\"RayID\\\":\\\"4df2d9911a3ac2bd\\\"}}\","
        + "\"at\":{\"request_data\":{\"headers\":{\"RayID\":\"4df2d9911a3ac2bd\"}},\"record\":1}}";
    String recent = "{\"@timestamp\":\"2019-05-31T19:33:02.970Z\",\"action\":\"pcloud.tenant.read\","
        + "\"requestData\":{\"headers\":{\"RayID\":\"77\"},\"count\":3},"
        + "\"responseData\":{\"tenantID\":\"x\"},"
        + "\"at\":{\"request_data\":{\"headers\":{\"RayID\":\"77\"},\"count\":3},\"record\":2}}";

    assertThat(index(index, "old", old).get("result").asText()).isEqualTo("created");
    assertThat(index(index, "new", recent).get("result").asText()).isEqualTo("created");

    assertThat(source(index, "old").get("requestData").isTextual()).isTrue();
    assertThat(source(index, "new").get("requestData").isObject()).isTrue();
    assertThat(es.hits(index, "{\"term\":{\"at.request_data.headers.RayID\":\"4df2d9911a3ac2bd\"}}"))
        .containsExactly("old");
    assertThat(es.hits(index, "{\"term\":{\"at.request_data\":\"77\"}}")).containsExactly("new");
  }

  @Test
  void eventTimeInEveryObservedFormatStaysAKeyword() throws IOException {
    String index = index("2017.10");
    String[] times = {"2017-10-19T19:07:50.32+0000", "2017-10-19 19:07:50.32 +0000 UTC",
        "2018-07-16T15:00+0000", "timestamp"};
    for (int i = 0; i < times.length; i++) {
      index(index, "t" + i, "{\"@timestamp\":\"2017-10-19T19:07:50.320Z\",\"eventTime\":\"" + times[i] + "\"}");
    }
    assertThat(es.fieldType(index, "eventTime")).isEqualTo("keyword");
    assertThat(es.fieldType(index, "@timestamp")).isEqualTo("date");
    assertThat(es.hits(index, "{\"term\":{\"eventTime\":\"2017-10-19 19:07:50.32 +0000 UTC\"}}"))
        .containsExactly("t1");
  }

  @Test
  void hostAddressThatIsNoIpIsKeptAndSearchableWhileRealIpsGetCidrQueries() throws IOException {
    String index = index("2019.06");
    index(index, "placeholder", "{\"@timestamp\":\"2019-06-12T00:00:00Z\","
        + "\"initiator\":{\"host\":{\"address\":\"<CLIENT_IP>\"}},\"target\":{\"host\":{\"address\":\"api.example.com\"}}}");
    index(index, "real", "{\"@timestamp\":\"2019-06-12T00:00:00Z\","
        + "\"initiator\":{\"host\":{\"address\":\"10.1.2.3\"}},\"target\":{\"host\":{\"address\":\"100.64.24.72\"}}}");

    assertThat(es.hits(index, "{\"term\":{\"initiator.host.address\":\"<CLIENT_IP>\"}}")).containsExactly("placeholder");
    assertThat(es.hits(index, "{\"term\":{\"initiator.host.address.ip\":\"10.0.0.0/8\"}}")).containsExactly("real");
    assertThat(es.hits(index, "{\"term\":{\"target.host.address\":\"api.example.com\"}}")).containsExactly("placeholder");
    assertThat(es.call("GET", "/" + index + "/_doc/placeholder", null).toString()).contains("CLIENT_IP");
  }

  @Test
  void malformedReasonCodeDoesNotRejectTheEvent() throws IOException {
    String index = index("2019.07");
    assertThat(index(index, "rc", "{\"@timestamp\":\"2019-07-01T00:00:00Z\",\"reason\":{\"reasonCode\":\"OK\"}}")
        .get("result").asText()).isEqualTo("created");
    index(index, "rc2", "{\"@timestamp\":\"2019-07-01T00:00:00Z\",\"reason\":{\"reasonCode\":201}}");
    assertThat(es.hits(index, "{\"range\":{\"reason.reasonCode\":{\"gte\":200,\"lt\":300}}}")).containsExactly("rc2");
  }

  @Test
  void unknownNewFieldsAreMappedAsBoundedKeywords() throws IOException {
    String index = index("2020.01");
    String longValue = "x".repeat(5000);
    index(index, "n", "{\"@timestamp\":\"2020-01-01T00:00:00Z\",\"correlationId\":\"c-1\","
        + "\"newThing\":{\"when\":\"2020-01-01T00:00:00Z\",\"count\":\"42\"},\"huge\":\"" + longValue + "\"}");

    assertThat(es.fieldType(index, "correlationId")).isEqualTo("keyword");
    // no date or numeric detection: a new field's type never depends on its first value
    assertThat(es.fieldType(index, "newThing.when")).isEqualTo("keyword");
    assertThat(es.fieldType(index, "newThing.count")).isEqualTo("keyword");
    assertThat(es.hits(index, "{\"term\":{\"correlationId\":\"c-1\"}}")).containsExactly("n");
    assertThat(source(index, "n").get("huge").asText()).hasSize(5000);
  }

  @Test
  void deadLetterIndexHasItsOwnMapping() throws IOException {
    String dead = IndexTemplates.deadLetterIndex(prefix);
    indices.add(dead);
    String original = "{\"not\":\"closed\" " + "y".repeat(40_000);
    index(dead, "d1", "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"session\":\"s-1\",\"record\":7,"
        + "\"stage\":\"decode\",\"reason\":\"Unexpected end-of-input\",\"error_type\":\"json_parse\","
        + "\"original\":" + JSON.writeValueAsString(original) + ",\"surprise\":\"x\"}");

    assertThat(es.fieldType(dead, "original")).isEqualTo("text");
    assertThat(es.fieldType(dead, "record")).isEqualTo("long");
    assertThat(es.fieldType(dead, "stage")).isEqualTo("keyword");
    assertThat(es.fieldType(dead, "initiator.host.address")).isNull();
    assertThat(es.fieldType(dead, "surprise")).isNull();
    assertThat(es.hits(dead, "{\"match\":{\"original\":\"closed\"}}")).containsExactly("d1");
    assertThat(source(dead, "d1").get("original").asText()).isEqualTo(original);

    String events = index("2024.01");
    index(events, "e", "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}");
    assertThat(es.fieldType(events, "original")).isNull();
    assertThat(es.fieldType(events, "initiator.host.address")).isEqualTo("keyword");
  }

  @Test
  void featuresTheClusterLacksAreDegradedNotFatal() throws IOException {
    // the integ-test distribution has no wildcard or match_only_text field types and no ILM settings
    String component = name + "@degrade-probe";
    ObjectNode body = (ObjectNode) JSON.readTree("{\"template\":{"
        + "\"settings\":{\"index\":{\"lifecycle\":{\"name\":\"p\"},\"number_of_shards\":1}},"
        + "\"mappings\":{\"properties\":{\"path\":{\"type\":\"wildcard\"},"
        + "\"msg\":{\"type\":\"match_only_text\"},\"code\":{\"type\":\"integer\"}}}}}");
    try {
      TemplateReport.Entry entry = IndexTemplates.putComponent(client, component, body);

      assertThat(entry.outcome()).isEqualTo(Outcome.DEGRADED);
      assertThat(entry.detail()).contains("[wildcard]", "[match_only_text]", "[index.lifecycle.name]");
      JsonNode stored = es.call("GET", "/_component_template/" + component, null)
          .at("/component_templates/0/component_template/template");
      assertThat(stored.at("/mappings/properties/path/type").asText()).isEqualTo("keyword");
      assertThat(stored.at("/mappings/properties/msg/type").asText()).isEqualTo("text");
      assertThat(stored.at("/mappings/properties/code/type").asText()).isEqualTo("integer");
      assertThat(stored.at("/settings/index/number_of_shards").asText()).isEqualTo("1");
      assertThat(stored.at("/settings/index/lifecycle").isMissingNode()).isTrue();
    } finally {
      es.call("DELETE", "/_component_template/" + component, null);
    }
  }

  @Test
  void refusalNamesTheTemplateAndElasticsearchsReason() throws IOException {
    String clash = name + "-clash";
    // someone else's template claims our indices at our priority: ES refuses ours
    es.call("DELETE", "/_index_template/" + name, null);
    es.call("PUT", "/_index_template/" + clash, "{\"index_patterns\":[\"" + prefix + "2*\"],\"priority\":200}");
    try {
      assertThatThrownBy(() -> IndexTemplates.install(client, prefix))
          .isInstanceOf(TemplateInstallException.class)
          .hasMessageContaining("index template [" + name + "]")
          .hasMessageContaining(clash)
          .hasMessageContaining("HTTP 400");
    } finally {
      es.call("DELETE", "/_index_template/" + clash, null);
    }
  }

  private String index(String month) {
    String index = prefix + month;
    indices.add(index);
    return index;
  }

  private JsonNode index(String index, String id, String json) throws IOException {
    return es.call("PUT", "/" + index + "/_doc/" + id + "?refresh=true", json);
  }

  private JsonNode source(String index, String id) throws IOException {
    return es.call("GET", "/" + index + "/_doc/" + id, null).get("_source");
  }
}
