package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped mappings/ files: valid JSON, placeholders filled, names and patterns consistent. */
class IndexTemplatesFilesTest {

  @Test
  void everyFileIsValidJsonWithNoPlaceholderLeft() {
    for (String file : TemplateFiles.ALL) {
      String text = TemplateFiles.text(file, "acme-at-");
      assertThat(text).as(file).doesNotContain("{{").doesNotContain("}}");
      assertThat(TemplateFiles.json(file, "acme-at-")).as(file).isNotEmpty();
    }
  }

  @Test
  void prefixFillsPatternsAndNameFillsTemplateReferences() {
    ObjectNode events = TemplateFiles.json(TemplateFiles.EVENTS_TEMPLATE, "acme-at-");
    assertThat(events.get("index_patterns").get(0).asText()).isEqualTo("acme-at-20*");
    assertThat(texts(events.get("composed_of")))
        .containsExactly("acme-at@settings", "acme-at@mappings", "acme-at@lifecycle", "acme-at@custom");
    ObjectNode dead = TemplateFiles.json(TemplateFiles.DEAD_LETTER_TEMPLATE, "acme-at-");
    assertThat(dead.get("index_patterns").get(0).asText()).isEqualTo("acme-at-dead-letter");
    assertThat(IndexTemplates.deadLetterIndex("acme-at-")).isEqualTo("acme-at-dead-letter");
    assertThat(IndexTemplates.templateName("activity-tracker-")).isEqualTo("activity-tracker");
    assertThat(IndexTemplates.templateName("at_")).isEqualTo("at");
  }

  @Test
  void eventPatternMatchesMonthlyIndicesButNotTheDeadLetterIndex() {
    String prefix = IndexTemplates.DEFAULT_PREFIX;
    Pattern events = glob(TemplateFiles.json(TemplateFiles.EVENTS_TEMPLATE, prefix)
        .get("index_patterns").get(0).asText());
    assertThat(events.matcher(prefix + "2018.07").matches()).isTrue();
    assertThat(events.matcher(prefix + "2099.12").matches()).isTrue();
    assertThat(events.matcher(IndexTemplates.deadLetterIndex(prefix)).matches()).isFalse();
  }

  @Test
  void payloadsAreFlattenedOnceUnderTheVendorNamespaceAndTheIpsAreIps() {
    JsonNode props = TemplateFiles.json(TemplateFiles.MAPPINGS, "x-")
        .at("/template/mappings/properties");
    JsonNode vendor = props.at("/ibmcloud/properties/activity_tracker/properties");
    assertThat(vendor.at("/request_data/type").asText()).isEqualTo("flattened");
    assertThat(vendor.at("/request_data_text/type").asText()).isEqualTo("keyword");
    assertThat(vendor.at("/attachments/enabled").asBoolean(true)).isFalse();
    assertThat(props.has("requestData")).isFalse();
    assertThat(props.at("/@timestamp/type").asText()).isEqualTo("date");
    assertThat(props.at("/source/properties/ip/type").asText()).isEqualTo("ip");
    assertThat(props.at("/event/properties/original/index").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Activity-", "-at-", "at tracker-", "at*", "at/x-", "---"})
  void unusablePrefixesAreRejectedWithTheRule(String prefix) {
    assertThatThrownBy(() -> TemplateFiles.text(TemplateFiles.SETTINGS, prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + prefix + "'");
  }

  @Test
  void nullPrefixIsRejected() {
    assertThatThrownBy(() -> IndexTemplates.templateName(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index prefix");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Elasticsearch index patterns only know '*'. */
  private static Pattern glob(String pattern) {
    return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
  }
}
