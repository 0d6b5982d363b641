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
  void requestDataAsObjectOrAsTextShareOneMonthlyIndex() throws IOException {
    String index = index("2019.05");
    String v = "\"ibmcloud\":{\"activity_tracker\":";
    String object = "{\"@timestamp\":\"2019-05-30T18:42:48.960Z\"," + v
        + "{\"request_data\":{\"headers\":{\"RayID\":\"4df2d9911a3ac2bd\"},\"count\":3}}}}";
    String text = "{\"@timestamp\":\"2019-05-31T19:33:02.970Z\"," + v
        + "{\"request_data_text\":\"not json\",\"response_data_text\":\"" + "z".repeat(40_000) + "\"}}}";

    assertThat(index(index, "object", object).get("result").asText()).isEqualTo("created");
    assertThat(index(index, "text", text).get("result").asText()).isEqualTo("created");

    String p = "ibmcloud.activity_tracker.";
    assertThat(es.hits(index, "{\"term\":{\"" + p + "request_data.headers.RayID\":\"4df2d9911a3ac2bd\"}}"))
        .containsExactly("object");
    assertThat(es.hits(index, "{\"term\":{\"" + p + "request_data\":\"3\"}}")).containsExactly("object");
    assertThat(es.hits(index, "{\"term\":{\"" + p + "request_data_text\":\"not json\"}}"))
        .containsExactly("text");
    // past ignore_above a payload is unindexed but kept, never a rejection for its size
    assertThat(source(index, "text").at("/ibmcloud/activity_tracker/response_data_text").asText()).hasSize(40_000);
    assertThat(es.fieldType(index, p + "request_data.headers")).isNull(); // one flattened field, no explosion
  }

  @Test
  void unknownCadfFieldsAreMappedAsBoundedKeywordsUnderTheVendorNamespace() throws IOException {
    String index = index("2020.01");
    String longValue = "x".repeat(5000);
    index(index, "n", "{\"@timestamp\":\"2020-01-01T00:00:00Z\",\"ibmcloud\":{\"activity_tracker\":{"
        + "\"correlationId\":\"c-1\",\"newThing\":{\"when\":\"2020-01-01T00:00:00Z\",\"count\":\"42\"},"
        + "\"huge\":\"" + longValue + "\"}},\"rootThing\":\"r\"}");

    String p = "ibmcloud.activity_tracker.";
    assertThat(es.fieldType(index, p + "correlationId")).isEqualTo("keyword");
    // no date or numeric detection: a new field's type never depends on its first value
    assertThat(es.fieldType(index, p + "newThing.when")).isEqualTo("keyword");
    assertThat(es.fieldType(index, p + "newThing.count")).isEqualTo("keyword");
    assertThat(es.hits(index, "{\"term\":{\"" + p + "correlationId\":\"c-1\"}}")).containsExactly("n");
    assertThat(source(index, "n").at("/ibmcloud/activity_tracker/huge").asText()).hasSize(5000);
    // the root is not dynamic: a field outside the document stays in _source only
    assertThat(es.fieldType(index, "rootThing")).isNull();
    assertThat(source(index, "n").get("rootThing").asText()).isEqualTo("r");
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
    assertThat(es.fieldType(dead, "source.ip")).isNull();
    assertThat(es.fieldType(dead, "surprise")).isNull();
    assertThat(es.hits(dead, "{\"match\":{\"original\":\"closed\"}}")).containsExactly("d1");
    assertThat(source(dead, "d1").get("original").asText()).isEqualTo(original);

    String events = index("2024.01");
    index(events, "e", "{\"@timestamp\":\"2024-01-01T00:00:00Z\"}");
    assertThat(es.fieldType(events, "original")).isNull();
    assertThat(es.fieldType(events, "source.ip")).isEqualTo("ip");
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
