package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

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
    assertThat(IndexMappingUpgrade.remove(mappings, "user_agent.original.text")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "destination")).isTrue();
    assertThat(IndexMappingUpgrade.remove(mappings, "no.such.field")).isFalse();

    var leaves = FieldsDoc.leaves(mappings).keySet();
    assertThat(leaves).doesNotContain("ibmcloud.activity_tracker.hour_of_day",
        "ibmcloud.activity_tracker.request_data", "destination.ip")
        .contains("ibmcloud.activity_tracker.day_of_week", "user_agent.original", "source.ip");
    assertThat(mappings.at("/properties/user_agent/properties/original/fields").has("text")).isFalse();
    assertThat(mappings.at("/properties/user_agent/properties/original/type").asText()).isEqualTo("keyword");
  }

  @Test
  void withoutThePrivilegeToReadIndexMappingsTheIndicesAreSkippedNotFatal() throws Exception {
    String forbidden = "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"action"
        + " [indices:admin/mappings/get] is unauthorized for user [ingest]\"}],\"type\":\"security_exception\","
        + "\"reason\":\"action [indices:admin/mappings/get] is unauthorized for user [ingest]\"},\"status\":403}";
    DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> res.status(403).header("Content-Type", "application/json")
            .header("X-Elastic-Product", "Elasticsearch")
            .sendString(Mono.just(forbidden), StandardCharsets.UTF_8))
        .bindNow(Duration.ofSeconds(10));
    try (RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", server.port())).build()) {
      ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));

      List<Entry> entries = IndexMappingUpgrade.upgrade(client, "acme-at-",
          TemplateFiles.json(TemplateFiles.MAPPINGS, "acme-at-"));

      assertThat(entries).hasSize(1);
      assertThat(entries.get(0).outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(entries.get(0).name()).isEqualTo("acme-at-20*");
      assertThat(entries.get(0).detail()).contains("HTTP 403", "view_index_metadata", "is unauthorized");
    } finally {
      server.disposeNow(Duration.ofSeconds(10));
    }
  }
}
