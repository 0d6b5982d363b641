package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Reading Elasticsearch's mapping-conflict messages, and leaving the named field out of an update. */
class IndexMappingUpgradeTest {

  @Test
  void conflictMessagesNameTheField() {
    assertThat(IndexMappingUpgrade.conflictingField("illegal_argument_exception: mapper [destination.ip] cannot be"
        + " changed from type [keyword] to [ip]")).hasValue("destination.ip");
    assertThat(IndexMappingUpgrade.conflictingField("illegal_argument_exception: can't merge a non object mapping"
        + " [ibmcloud.activity_tracker.request_data] with an object mapping"))
        .hasValue("ibmcloud.activity_tracker.request_data");
    assertThat(IndexMappingUpgrade.conflictingField("illegal_argument_exception: Mapper for [event.original]"
        + " conflicts with existing mapper:\n\tCannot update parameter [index] from [true] to [false]"))
        .hasValue("event.original");
    assertThat(IndexMappingUpgrade.conflictingField("cluster_block_exception: index [x] blocked by: "
        + "[FORBIDDEN/5/index read-only (api)];")).isEmpty();
  }

  @Test
  void removesFieldsObjectsAndMultiFieldsButNothingElse() {
    ObjectNode mappings = FieldsDoc.shippedMappings();
    assertThat(IndexMappingUpgrade.remove(mappings, "ibmcloud.activity_tracker.hour_of_day")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "ibmcloud.activity_tracker.request_data")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "message.keyword")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "destination")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "no.such.field")).isFalse();

    var leaves = FieldsDoc.leaves(mappings).keySet();
    assertThat(leaves).doesNotContain("ibmcloud.activity_tracker.hour_of_day",
        "ibmcloud.activity_tracker.request_data", "destination.ip")
        .contains("ibmcloud.activity_tracker.day_of_week", "message", "source.ip");
    assertThat(mappings.at("/properties/message/fields").has("keyword")).isFalse();
    assertThat(mappings.at("/properties/message/type").asText()).isEqualTo("text");
  }
}
