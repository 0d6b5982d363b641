package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexTemplatesDegradeTest {

  @Test
  void missingFlattenedBecomesDisabledObjectEverywhere() {
    ObjectNode body = TemplateFiles.json(TemplateFiles.MAPPINGS, "activity-tracker-");
    Optional<String> change = TemplateDegrader.degrade(body, "mapper_parsing_exception: Failed to parse"
        + " mapping: The mapper type [flattened] declared on field [request_data] does not exist.");

    assertThat(change).hasValueSatisfying(c -> assertThat(c)
        .contains("ibmcloud.activity_tracker.request_data")
        .contains("ibmcloud.activity_tracker.response_data").contains("\"enabled\":false"));
    assertThat(body.at("/template/mappings/properties/ibmcloud/properties/activity_tracker/properties/request_data")
        .toString())
        .isEqualTo("{\"type\":\"object\",\"enabled\":false}");
    assertThat(TemplateFiles.write(body)).doesNotContain("flattened");
  }

  @Test
  void unknownNestedSettingIsRemovedAndEmptyParentsGo() {
    ObjectNode body = TemplateFiles.json(TemplateFiles.SETTINGS, "activity-tracker-");
    Optional<String> change = TemplateDegrader.degrade(body,
        "illegal_argument_exception: unknown setting [index.mapping.total_fields.ignore_dynamic_beyond_limit]"
            + " please check that any required plugins are installed");

    assertThat(change).isPresent();
    assertThat(body.at("/template/settings/index/mapping/total_fields/limit").asInt()).isEqualTo(2000);
    assertThat(body.at("/template/settings/index/mapping/total_fields/ignore_dynamic_beyond_limit")
        .isMissingNode()).isTrue();
  }

  @Test
  void unknownDottedSettingIsRemovedToo() {
    ObjectNode body = TemplateFiles.json(TemplateFiles.SETTINGS, "x-");
    ((ObjectNode) body.at("/template/settings")).put("index.lifecycle.name", "p");
    assertThat(TemplateDegrader.degrade(body, "unknown setting [index.lifecycle.name]")).isPresent();
    assertThat(body.at("/template/settings").has("index.lifecycle.name")).isFalse();
  }

  @Test
  void otherRefusalsAreNotDegraded() {
    ObjectNode body = TemplateFiles.json(TemplateFiles.MAPPINGS, "x-");
    String before = TemplateFiles.write(body);
    assertThat(TemplateDegrader.degrade(body, "mapper_parsing_exception: mapper [x] cannot be changed"))
        .isEmpty();
    assertThat(TemplateDegrader.degrade(body, "The mapper type [geo_shape] declared on field [g] does not exist"))
        .isEmpty();
    assertThat(TemplateDegrader.degrade(body, "unknown setting [index.not.there]")).isEmpty();
    assertThat(TemplateFiles.write(body)).isEqualTo(before);
  }
}
