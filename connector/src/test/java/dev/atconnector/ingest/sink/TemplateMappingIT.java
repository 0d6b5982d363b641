package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.sink.FieldsDoc.Field;
import dev.atconnector.ingest.sink.FieldsDoc.Kind;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Versioned, upgrade-safe install, and the document of docs/fields.md against a real Elasticsearch: every documented
 * field of hand-built documents in that shape (src/test/resources/mapping/v3-documents.ndjson, independent of the
 * decoder) indexes with its documented type, in a new index and in a month index created by template version 2.
 */
@ExtendWith(ElasticsearchExtension.class)
class TemplateMappingIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final FieldsDoc DOC = FieldsDoc.load();
  /** The fields the fixture adds through the vendor namespace's dynamic mapping (unknown CADF fields). */
  private static final Map<String, String> DYNAMIC = Map.of(
      FieldsDoc.VENDOR + ".correlationId", "keyword", FieldsDoc.VENDOR + ".dataEvent", "boolean");

  private final EsRest es;
  private final String prefix = "tm" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000 + "-at-";
  private final String name = IndexTemplates.templateName(prefix);
  private final Set<String> indices = new LinkedHashSet<>();

  TemplateMappingIT(EsEndpoint endpoint) {
    es = new EsRest(endpoint);
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (String index : indices) {
      es.attempt("PUT", "/" + index + "/_settings", "{\"index.blocks.read_only\":null}"); // absent: 404, fine
      es.call("DELETE", "/" + index + "?ignore_unavailable=true", null);
    }
    es.deleteTemplates(prefix);
    es.close();
  }

  @Test
  void secondInstallIsANoOp() throws IOException {
    TemplateReport first = IndexTemplates.install(es.client, prefix);
    assertThat(first.names(Outcome.INSTALLED)).contains(name + "@mappings", name, name + "-dead-letter");
    JsonNode before = es.call("GET", "/_index_template/" + name, null);

    TemplateReport second = IndexTemplates.install(es.client, prefix);

    assertThat(second.names(Outcome.INSTALLED)).isEmpty();
    assertThat(second.names(Outcome.KEPT)).contains(name + "@settings", name + "@mappings", name + "@custom",
        name, name + "-dead-letter");
    assertThat(second.entry("component_template", name + "@mappings").orElseThrow().detail())
        .isEqualTo("version 4 installed");
    assertThat(es.call("GET", "/_index_template/" + name, null)).isEqualTo(before);
    assertThat(before.at("/index_templates/0/index_template/version").asLong()).isEqualTo(3);
    assertThat(before.at("/index_templates/0/index_template/_meta/managed_by").asText()).isEqualTo("at-connector");
    assertThat(before.at("/index_templates/0/index_template/_meta/connector_version").asText()).isNotBlank();
  }

  @Test
  void olderTemplatesAreReplacedNewerOnesAndCustomAreKept() throws IOException {
    IndexTemplates.install(es.client, prefix);
    // an older connector's: version 1 without the ECS fields; someone's newer @settings; the user's @custom
    es.call("PUT", "/_component_template/" + name + "@mappings",
        "{\"version\":1,\"template\":{\"mappings\":{\"properties\":{\"action\":{\"type\":\"keyword\"}}}}}");
    es.call("PUT", "/_component_template/" + name + "@settings",
        "{\"version\":99,\"template\":{\"settings\":{\"index\":{\"number_of_shards\":1}}}}");
    es.call("PUT", "/_component_template/" + name + "@custom",
        "{\"template\":{\"settings\":{\"number_of_replicas\":0}}}");

    TemplateReport report = IndexTemplates.install(es.client, prefix);

    TemplateReport.Entry mappings = report.entry("component_template", name + "@mappings").orElseThrow();
    assertThat(mappings.outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(mappings.detail()).isEqualTo("replaced version 1");
    JsonNode stored = es.call("GET", "/_component_template/" + name + "@mappings", null)
        .at("/component_templates/0/component_template");
    assertThat(stored.get("version").asLong()).isEqualTo(4);
    assertThat(stored.at("/template/mappings/properties/source/properties/ip/type").asText()).isEqualTo("ip");
    TemplateReport.Entry settings = report.entry("component_template", name + "@settings").orElseThrow();
    assertThat(settings.outcome()).isEqualTo(Outcome.KEPT);
    assertThat(settings.detail()).contains("version 99", "newer");
    assertThat(es.call("GET", "/_component_template/" + name + "@custom", null).toString())
        .contains("number_of_replicas");

    TemplateReport forced = IndexTemplates.install(es.client, prefix, true);
    assertThat(forced.entry("component_template", name + "@settings").orElseThrow().detail())
        .isEqualTo("replaced version 99");
    assertThat(forced.entry("component_template", name + "@custom").orElseThrow().outcome())
        .isEqualTo(Outcome.KEPT);
  }

  @Test
  void everyDocumentedFieldIndexesWithItsDocumentedType() throws IOException {
    IndexTemplates.install(es.client, prefix);

    Set<String> written = indexFixture();

    assertThat(written).containsExactly(prefix + "2019.05", prefix + "2019.06");
    assertThat(assertDocumentedTypes(written)).isEqualTo(DYNAMIC);
    for (String index : written) {
      assertThat(es.call("GET", "/" + index + "/_mapping", null).at("/" + index + "/mappings/_meta/"
          + IndexMappingUpgrade.VERSION_KEY).asLong()).isEqualTo(4);
    }
  }

  @Test
  void theDocumentIsSearchableTheWayItsTypesPromise() throws IOException {
    IndexTemplates.install(es.client, prefix);
    indexFixture();
    String all = prefix + "20*";
    String v = FieldsDoc.VENDOR + ".";

    assertThat(es.hits(all, "{\"term\":{\"source.ip\":\"2001:db8::/32\"}}")).containsExactly("d1");
    assertThat(es.hits(all, "{\"term\":{\"related.ip\":\"10.0.0.0/8\"}}")).containsExactlyInAnyOrder("d1", "d3");
    assertThat(es.hits(all, "{\"term\":{\"source.address\":\"<CLIENT_IP>\"}}")).containsExactly("d2");
    assertThat(es.hits(all, "{\"term\":{\"event.category\":\"network\"}}")).containsExactly("d2");
    assertThat(es.hits(all, "{\"match\":{\"message\":\"login\"}}")).containsExactly("d1");
    assertThat(es.hits(all, "{\"match\":{\"user_agent.original.text\":\"linux\"}}")).containsExactly("d1");
    assertThat(es.hits(all, "{\"term\":{\"" + v + "request_data.headers.RayID\":\"r1\"}}")).containsExactly("d1");
    assertThat(es.hits(all, "{\"term\":{\"" + v + "response_data\":\"443\"}}")).containsExactly("d2");
    assertThat(es.hits(all, "{\"term\":{\"" + v + "request_data_text\":\"not json {\"}}")).containsExactly("d2");
    assertThat(es.hits(all, "{\"term\":{\"" + v + "correlationId\":\"corr-2\"}}")).containsExactly("d2");
    assertThat(es.hits(all, "{\"range\":{\"event.created\":{\"gte\":\"2019-05-31T19:33:03Z\"}}}"))
        .containsExactly("d1");
    assertThat(es.hits(all, "{\"range\":{\"" + v + "hour_of_day\":{\"gte\":19}}}"))
        .containsExactlyInAnyOrder("d1", "d3");
    for (String unsearchable : List.of(v + "initiator.credential.token", "event.original")) {
      assertThat(es.attempt("POST", "/" + all + "/_search",
          "{\"query\":{\"term\":{\"" + unsearchable + "\":\"x\"}}}").toString()).as(unsearchable)
          .contains("not indexed");
    }
    List<String> fields = List.of("@timestamp", "event.action", "event.category", "event.type", "event.provider",
        "event.outcome", "event.severity", "user.name", "source.ip", "destination.ip", "user_agent.original",
        "cloud.service.name", "related.ip", "related.user", "http.response.status_code", v + "hour_of_day",
        v + "day_of_week", v + "download.session", "event.ingested");
    JsonNode caps = es.call("GET", "/" + all + "/_field_caps?fields=" + String.join(",", fields), null);
    for (String field : fields) {
      JsonNode byType = caps.at("/fields").path(field);
      assertThat(byType.size()).as(field).isEqualTo(1);
      assertThat(byType.elements().next().path("aggregatable").asBoolean()).as(field).isTrue();
    }
  }

  @Test
  void fieldsOutsideTheDocumentStayInSourceAndNeverRejectAnEvent() throws IOException {
    IndexTemplates.install(es.client, prefix);
    String index = prefix + "2019.05";
    indices.add(index);
    // a version-2 document (an older connector sharing the cluster) and ECS objects with keys ECS lacks
    String old = "{\"@timestamp\":\"2019-05-31T19:33:02.970Z\",\"action\":\"iam-identity.apikey.login\","
        + "\"eventTime\":\"2019-05-31T19:33:02.97+0000\",\"requestData\":\"{}\",\"initiator\":{\"name\":\"x\"},"
        + "\"at\":{\"session\":\"s\",\"record\":1,\"hour_of_day\":19},\"event\":{\"action\":\"a\",\"nick\":\"n\"},"
        + "\"user\":{\"name\":\"u\",\"nickname\":\"n\"}}";
    assertThat(es.call("PUT", "/" + index + "/_doc/old?refresh=true", old).path("result").asText())
        .isEqualTo("created");

    for (String unmapped : List.of("action", "eventTime", "requestData", "initiator.name", "at.session",
        "event.nick", "user.nickname")) {
      assertThat(es.fieldType(index, unmapped)).as(unmapped).isNull();
    }
    assertThat(es.fieldType(index, "event.action")).isEqualTo("keyword");
    assertThat(es.hits(index, "{\"term\":{\"event.action\":\"a\"}}")).containsExactly("old");
    assertThat(es.call("GET", "/" + index + "/_doc/old", null).at("/_source/at/session").asText()).isEqualTo("s");
  }

  @Test
  void aVersion2InstallUpgradesAndItsMonthIndicesTakeTheNewDocument() throws IOException {
    installVersion2();
    String current = prefix + "2019.05"; // the month being written when the user upgrades
    String conflicting = prefix + "2019.06"; // got a new document before the upgrade (--no-templates)
    String readOnly = prefix + "2019.04";
    indices.addAll(List.of(current, conflicting, readOnly));
    es.call("PUT", "/" + current + "/_doc/v2?refresh=true", "{\"@timestamp\":\"2019-05-01T00:00:00.000Z\","
        + "\"action\":\"iam-identity.apikey.create\",\"at\":{\"session\":\"old\",\"record\":1,\"hour_of_day\":0}}");
    es.call("PUT", "/" + current + "/_mapping", "{\"_meta\":{\"owner\":\"team-a\"}}");
    es.call("PUT", "/" + conflicting + "/_doc/early?refresh=true", "{\"@timestamp\":\"2019-06-01T00:00:00.000Z\","
        + "\"destination\":{\"ip\":\"10.0.0.1\"},\"ibmcloud\":{\"activity_tracker\":{\"hour_of_day\":1}}}");
    es.call("PUT", "/" + readOnly, null);
    es.call("PUT", "/" + readOnly + "/_settings", "{\"index.blocks.read_only\":true}");

    TemplateReport report = IndexTemplates.install(es.client, prefix);

    assertThat(report.entry("component_template", name + "@mappings").orElseThrow().detail())
        .isEqualTo("replaced version 2");
    assertThat(report.entry("index_template", name).orElseThrow().detail()).isEqualTo("replaced version 2");
    Entry upgraded = report.entry(IndexMappingUpgrade.KIND, current).orElseThrow();
    assertThat(upgraded.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(upgraded.detail()).isEqualTo("mapping of template version 2 or older updated to version 4");
    Entry partly = report.entry(IndexMappingUpgrade.KIND, conflicting).orElseThrow();
    assertThat(partly.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(partly.detail()).contains("destination.ip", FieldsDoc.VENDOR + ".hour_of_day");
    Entry skipped = report.entry(IndexMappingUpgrade.KIND, readOnly).orElseThrow();
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(skipped.detail()).contains("read-only");

    JsonNode meta = es.call("GET", "/" + current + "/_mapping", null).at("/" + current + "/mappings/_meta");
    assertThat(meta.path("owner").asText()).isEqualTo("team-a");
    assertThat(meta.path(IndexMappingUpgrade.VERSION_KEY).asLong()).isEqualTo(4);
    assertThat(es.fieldType(current, "at.hour_of_day")).isEqualTo("byte"); // the old documents keep their fields
    assertThat(es.fieldType(current, "message.keyword")).as("a multi-field the new mapping lacks is kept")
        .isEqualTo("keyword");
    assertThat(es.fieldType(conflicting, "destination.ip")).isEqualTo("keyword");
    assertThat(es.fieldType(conflicting, "source.ip")).isEqualTo("ip");

    Set<String> written = indexFixture();
    assertThat(written).containsExactly(current, conflicting);
    assertThat(assertDocumentedTypes(Set.of(current))).isEmpty(); // d1 has no unknown CADF field
    assertThat(es.hits(current, "{\"term\":{\"" + FieldsDoc.VENDOR + ".download.session\":\"sess-1\"}}"))
        .containsExactly("d1");

    TemplateReport again = IndexTemplates.install(es.client, prefix);
    assertThat(again.entries()).filteredOn(e -> e.kind().equals(IndexMappingUpgrade.KIND))
        .extracting(Entry::name).containsExactly(readOnly);
  }

  /** What a template-version-2 connector left: its @mappings and index template, version 2. */
  private void installVersion2() throws IOException {
    IndexTemplates.install(es.client, prefix);
    String v2;
    try (InputStream in = getClass().getResourceAsStream("/mapping/v2-activity-tracker@mappings.json")) {
      v2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    es.call("PUT", "/_component_template/" + name + "@mappings", v2.replace("{{name}}", name)
        .replace("{{prefix}}", prefix).replace("{{connector_version}}", "0.9"));
    ObjectNode template = TemplateFiles.json(TemplateFiles.EVENTS_TEMPLATE, prefix);
    template.put("version", 2);
    JsonNode live = es.call("GET", "/_index_template/" + name, null).at("/index_templates/0/index_template");
    template.set("composed_of", live.get("composed_of"));
    template.set("ignore_missing_component_templates", live.get("ignore_missing_component_templates"));
    es.call("PUT", "/_index_template/" + name, TemplateFiles.write(template));
  }

  /** Indexes the fixture documents into their month indices (as the connector names them); returns those. */
  private Set<String> indexFixture() throws IOException {
    StringBuilder bulk = new StringBuilder();
    Set<String> written = new LinkedHashSet<>();
    int n = 0;
    for (JsonNode doc : fixture()) {
      String index = prefix + doc.path("@timestamp").asText().substring(0, 7).replace('-', '.');
      written.add(index);
      bulk.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"d").append(++n).append("\"}}\n")
          .append(EsRest.JSON.writeValueAsString(doc)).append('\n');
    }
    indices.addAll(written);
    JsonNode response = es.call("POST", "/_bulk?refresh=true", bulk.toString());
    assertThat(response.path("errors").asBoolean()).as("bulk of the fixture: %s", response).isFalse();
    return written;
  }

  private static List<JsonNode> fixture() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (InputStream in = TemplateMappingIT.class.getResourceAsStream("/mapping/v3-documents.ndjson")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          docs.add(EsRest.JSON.readTree(line));
        }
      }
    }
    return docs;
  }

  /**
   * Every documented field is in the fixture, and in {@code written} it is mapped with its documented type; the
   * indices map nothing of the fixture dynamically beyond the unknown CADF fields it carries.
   *
   * @return the vendor fields the indices mapped dynamically, with their types
   */
  private Map<String, String> assertDocumentedTypes(Set<String> written) throws IOException {
    Set<String> present = new TreeSet<>();
    for (JsonNode doc : fixture()) {
      paths(doc, "", present);
    }
    List<String> wrong = new ArrayList<>();
    Map<String, String> dynamic = new LinkedHashMap<>();
    for (String index : written) {
      JsonNode mappings = es.call("GET", "/" + index + "/_mapping", null).at("/" + index + "/mappings");
      Map<String, JsonNode> leaves = FieldsDoc.leaves(mappings);
      for (Field f : DOC.fields()) {
        if (f.kind() == Kind.DYNAMIC) {
          continue;
        }
        if (present.stream().noneMatch(p -> p.equals(f.path()) || p.startsWith(f.path() + "."))) {
          wrong.add(f.path() + ": no fixture document has it");
        }
        Map<String, JsonNode> targets = f.kind() == Kind.FIELD ? Map.of(f.path(), FieldsDoc.at(mappings, f.path()))
            : FieldsDoc.leaves(FieldsDoc.at(mappings, f.path()));
        targets.forEach((path, node) -> {
          String mismatch = node.isMissingNode() ? "not mapped" : FieldsDoc.mismatch(f.expected(), node);
          if (!mismatch.isEmpty()) {
            wrong.add(index + " " + f.path() + (f.kind() == Kind.FIELD ? "" : "." + path) + ": " + mismatch);
          }
        });
      }
      Set<String> shipped = FieldsDoc.leaves(FieldsDoc.shippedMappings()).keySet();
      leaves.forEach((path, node) -> {
        if (path.startsWith(FieldsDoc.VENDOR + ".") && !shipped.contains(path)) {
          dynamic.put(path, node.path("type").asText());
        }
      });
    }
    assertThat(wrong).isEmpty();
    return dynamic;
  }

  /** The dotted paths of every value in {@code node} (arrays of values count as their field). */
  private static void paths(JsonNode node, String path, Set<String> into) {
    if (node.isObject()) {
      node.properties().forEach(e -> paths(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
          into));
    } else if (!path.isEmpty()) {
      into.add(path);
    }
  }
}
