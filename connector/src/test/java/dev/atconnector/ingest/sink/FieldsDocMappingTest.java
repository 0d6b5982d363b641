package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.sink.FieldsDoc.Field;
import dev.atconnector.ingest.sink.FieldsDoc.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/fields.md and mappings/activity-tracker@mappings.json describe the same document, field by field. */
class FieldsDocMappingTest {
  private static final FieldsDoc DOC = FieldsDoc.load();
  private static final ObjectNode MAPPINGS = FieldsDoc.shippedMappings();
  private static final List<String> ECS_OBJECTS = List.of("ecs", "event", "user", "source", "destination",
      "user_agent", "http", "url", "cloud", "related");

  @Test
  void theTablesAreReadAsWritten() {
    Map<String, Map<String, Object>> byPath = new java.util.HashMap<>();
    DOC.fields().forEach(f -> byPath.put(f.path(), f.expected()));
    String v = FieldsDoc.VENDOR + ".";
    assertThat(byPath.get("source.ip")).isEqualTo(Map.of("type", "ip"));
    assertThat(byPath.get("event.category")).isEqualTo(Map.of("type", "keyword"));
    assertThat(byPath.get("event.original")).isEqualTo(Map.of("type", "keyword", "index", false,
        "doc_values", false));
    assertThat(byPath.get("message")).isEqualTo(Map.of("type", "text"));
    assertThat(byPath.get("user_agent.original")).isEqualTo(Map.of("type", "keyword", "fields.text.type", "text"));
    assertThat(byPath.get(v + "response_data")).isEqualTo(Map.of("type", "flattened", "ignore_above", 1024));
    assertThat(byPath.get(v + "response_data_text")).isEqualTo(Map.of("type", "keyword", "ignore_above", 1024));
    assertThat(byPath.get(v + "initiator.host.platform")).isEqualTo(Map.of("type", "keyword"));
    assertThat(byPath.get(v + "envelope")).isEqualTo(Map.of("type", "object", "enabled", false));
    assertThat(byPath.get(v + "extra")).isEqualTo(Map.of("type", "object", "enabled", false));
    assertThat(byPath.get(v + "hour_of_day")).isEqualTo(Map.of("type", "byte"));
    assertThat(DOC.fields()).anyMatch(f -> f.kind() == Kind.EVERY_LEAF_UNDER && f.path().equals(v + "meta"));
  }

  @Test
  void everyDocumentedFieldIsMappedWithItsDocumentedType() {
    List<String> wrong = new ArrayList<>();
    for (Field f : DOC.fields()) {
      if (f.kind() == Kind.DYNAMIC) {
        continue;
      }
      JsonNode node = FieldsDoc.at(MAPPINGS, f.path());
      if (node.isMissingNode()) {
        wrong.add(f.path() + ": not in the mapping");
      } else if (f.kind() == Kind.FIELD) {
        String mismatch = FieldsDoc.mismatch(f.expected(), node);
        if (!mismatch.isEmpty()) {
          wrong.add(f.path() + ": " + mismatch);
        }
      } else {
        Map<String, JsonNode> leaves = FieldsDoc.leaves(node);
        if (leaves.isEmpty()) {
          wrong.add(f.path() + ".*: no field mapped under it");
        }
        leaves.forEach((leaf, mapping) -> {
          String mismatch = FieldsDoc.mismatch(f.expected(), mapping);
          if (!mismatch.isEmpty()) {
            wrong.add(f.path() + "." + leaf + ": " + mismatch);
          }
        });
      }
    }
    assertThat(wrong).as("docs/fields.md fields the mapping lacks or types otherwise").isEmpty();
  }

  @Test
  void theComparisonSeesATypeChangeAndAMissingMultiField() {
    Map<String, Object> hour = Map.of("type", "byte");
    ObjectNode changed = MAPPINGS.deepCopy();
    JsonNode vendor = FieldsDoc.at(changed, FieldsDoc.VENDOR);
    ((ObjectNode) vendor.at("/properties/hour_of_day")).put("type", "long");
    ((ObjectNode) changed.at("/properties/user_agent/properties/original")).remove("fields");

    assertThat(FieldsDoc.mismatch(hour, FieldsDoc.at(MAPPINGS, FieldsDoc.VENDOR + ".hour_of_day"))).isEmpty();
    assertThat(FieldsDoc.mismatch(hour, FieldsDoc.at(changed, FieldsDoc.VENDOR + ".hour_of_day")))
        .contains("type=long");
    assertThat(FieldsDoc.mismatch(Map.of("type", "keyword", "fields.text.type", "text"),
        FieldsDoc.at(changed, "user_agent.original"))).contains("fields.text.type=null");
    assertThat(FieldsDoc.mismatch(Map.of("type", "object", "enabled", false),
        FieldsDoc.at(MAPPINGS, FieldsDoc.VENDOR + ".attachments"))).isEmpty();
  }

  @Test
  void everyMappedFieldIsDocumented() {
    Set<String> exact = new TreeSet<>();
    List<String> under = new ArrayList<>();
    for (Field f : DOC.fields()) {
      (f.kind() == Kind.EVERY_LEAF_UNDER ? under : exact).add(f.path());
    }
    List<String> undocumented = new ArrayList<>();
    for (String leaf : FieldsDoc.leaves(MAPPINGS).keySet()) {
      if (!exact.contains(leaf) && under.stream().noneMatch(u -> leaf.startsWith(u + "."))) {
        undocumented.add(leaf);
      }
    }
    assertThat(undocumented).as("mapped fields docs/fields.md does not list").isEmpty();
  }

  @Test
  void unknownCadfFieldsAreDynamicKeywordsOnlyUnderTheVendorNamespace() {
    assertThat(DOC.fields()).anyMatch(f -> f.kind() == Kind.DYNAMIC);
    assertThat(MAPPINGS.path("dynamic").asText()).isEqualTo("false");
    assertThat(MAPPINGS.path("date_detection").asBoolean(true)).isFalse();
    assertThat(MAPPINGS.path("numeric_detection").asBoolean(true)).isFalse();
    for (String ecs : ECS_OBJECTS) {
      assertThat(MAPPINGS.at("/properties/" + ecs + "/dynamic").asText()).as(ecs).isEqualTo("false");
    }
    assertThat(MAPPINGS.at("/properties/ibmcloud/dynamic").asText()).isEqualTo("false");
    assertThat(FieldsDoc.at(MAPPINGS, FieldsDoc.VENDOR).path("dynamic").asText()).isEqualTo("true");
    JsonNode strings = MAPPINGS.path("dynamic_templates").get(0).elements().next();
    assertThat(strings.path("match_mapping_type").asText()).isEqualTo("string");
    assertThat(strings.at("/mapping/type").asText()).isEqualTo("keyword");
    // every root property is an ECS field or the vendor namespace: nothing else has a home
    List<String> roots = new ArrayList<>();
    MAPPINGS.path("properties").fieldNames().forEachRemaining(roots::add);
    assertThat(roots).allMatch(r -> ECS_OBJECTS.contains(r) || r.equals("ibmcloud")
        || List.of("@timestamp", "message", "tags").contains(r));
  }

  @Test
  void theMappingMarksIndicesWithItsTemplateVersion() {
    ObjectNode template = TemplateFiles.json(TemplateFiles.MAPPINGS, "x-");
    assertThat(TemplateFiles.version(template)).isEqualTo(4);
    assertThat(MAPPINGS.at("/_meta/" + IndexMappingUpgrade.VERSION_KEY).asLong())
        .isEqualTo(TemplateFiles.version(template));
    assertThat(TemplateFiles.version(TemplateFiles.json(TemplateFiles.EVENTS_TEMPLATE, "x-"))).isEqualTo(3);
  }

  @Test
  void noFieldOfTheVersion2DocumentIsLeft() {
    Set<String> leaves = FieldsDoc.leaves(MAPPINGS).keySet();
    assertThat(leaves).noneMatch(l -> l.startsWith("at.") || l.startsWith("eventTime")
        || l.equals("requestData") || l.equals("responseData") || l.startsWith("initiator.")
        || l.equals("action"));
  }
}
