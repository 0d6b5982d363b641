package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An existing data stream follows a newer template at the next install, not only at its next rollover: its backing
 * indices get the shipped mappings (a field mapped otherwise keeps its type until the rollover, named in a warning),
 * and a changed {@code --retention} reaches the lifecycle. The old state is made with a test-only index template
 * (priority above the shipped one) matching only this test's stream, so the shared components are not touched.
 */
@ExtendWith(ElasticsearchExtension.class)
class DataStreamUpgradeIT {
  private final EsRest es;
  private final String namespace = "dsup" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
  private final Destination.DataStream stream = Destination.dataStream(namespace);
  private final String oldTemplate = "it-" + namespace + "-old";

  DataStreamUpgradeIT(EsEndpoint endpoint) {
    es = new EsRest(endpoint);
  }

  @AfterEach
  void cleanUp() throws IOException {
    es.call("DELETE", "/_index_template/" + oldTemplate, null);
    // the shared template back as every other test expects it (no retention); the stream stays where the minimal
    // distribution has no data stream API to delete it (its own namespace, a throwaway cluster)
    DataStreamTemplates.install(es.client, Optional.empty(), true);
    es.attempt("DELETE", "/_data_stream/" + stream.name(), null);
    es.close();
  }

  @Test
  void backingIndicesOfAnOlderMappingGetTheShippedOneAndAConflictingFieldWaitsForTheRollover() throws IOException {
    DataStreamTemplates.install(es.client, Optional.empty(), false);
    // a stream made by a template-version-2 connector: no version in its _meta, source.ip a keyword, no event.*
    es.call("PUT", "/_index_template/" + oldTemplate, "{\"index_patterns\":[\"" + stream.name() + "\"],"
        + "\"data_stream\":{},\"priority\":300,\"template\":{\"mappings\":{\"_meta\":{\"owner\":\"team-a\"},"
        + "\"dynamic\":false,\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
        + "\"source\":{\"properties\":{\"ip\":{\"type\":\"keyword\"}}}}}}}");
    es.call("PUT", "/" + stream.name() + "/_create/old-1?refresh=true", "{\"@timestamp\":\"2019-03-01T00:00:00Z\","
        + "\"source\":{\"ip\":\"9.20.30.40\"},\"event\":{\"action\":\"iam-identity.user-apikey.login\"}}");
    es.call("DELETE", "/_index_template/" + oldTemplate, null);
    String first = writeIndex();
    assertThat(type(first, "event.action")).as("not mapped by the old template").isNull();

    List<Entry> entries = DataStreamTemplates.install(es.client, stream, false);

    Entry upgraded = entry(entries, IndexMappingUpgrade.DATA_STREAM, stream.name());
    assertThat(upgraded.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(upgraded.detail()).contains("of template version 2 or older updated to version 4")
        .contains("source.ip").contains("takes effect at the next rollover");
    assertThat(type(first, "event.action")).as("added to the existing backing index").isEqualTo("keyword");
    assertThat(type(first, "user_agent.original")).isEqualTo("keyword");
    assertThat(type(first, "source.ip")).as("a type is never changed in place").isEqualTo("keyword");
    JsonNode meta = es.call("GET", "/" + first + "/_mapping", null).path(first).path("mappings").path("_meta");
    assertThat(meta.path("template_version").asLong()).isEqualTo(4);
    assertThat(meta.path("owner").asText()).as("the index's own _meta is kept").isEqualTo("team-a");
    assertThat(es.hits(stream.name(), "{\"term\":{\"event.action\":\"iam-identity.user-apikey.login\"}}"))
        .as("the old document is not reindexed: only new ones are indexed by the new fields").isEmpty();

    assertThat(DataStreamTemplates.install(es.client, stream, false)).as("current now: nothing to do")
        .noneMatch(e -> e.kind().equals(IndexMappingUpgrade.DATA_STREAM));

    es.call("POST", "/" + stream.name() + "/_rollover", null);
    String second = writeIndex();
    assertThat(second).isNotEqualTo(first);
    assertThat(type(second, "source.ip")).as("the shipped type from the rollover on").isEqualTo("ip");
    es.call("PUT", "/" + stream.name() + "/_create/new-1?refresh=true", "{\"@timestamp\":\"2019-03-02T00:00:00Z\","
        + "\"event\":{\"action\":\"iam-identity.user-apikey.login\"}}");
    assertThat(es.hits(stream.name(), "{\"term\":{\"event.action\":\"iam-identity.user-apikey.login\"}}"))
        .containsExactly("new-1");
  }

  @Test
  void aStreamThatDoesNotExistYetIsLeftToItsTemplate() {
    List<Entry> entries = DataStreamTemplates.install(es.client, retention("30d"), false);
    assertThat(entries).noneMatch(e -> e.name().equals(stream.name()));
  }

  @Test
  void aChangedRetentionReachesTheTemplateAndTheExistingStreamAsFarAsTheClusterAllows() throws IOException {
    DataStreamTemplates.install(es.client, retention("400d"), false);
    es.call("PUT", "/" + stream.name() + "/_create/e-1?refresh=true", "{\"@timestamp\":\"2019-03-01T00:00:00Z\"}");
    boolean templateLifecycle = !templateRetention().isMissingNode();

    List<Entry> again = DataStreamTemplates.install(es.client, retention("400d"), false);
    List<Entry> changed = DataStreamTemplates.install(es.client, retention("30d"), false);

    Entry template = entry(changed, IndexTemplates.INDEX_TEMPLATE, DataStreamTemplates.NAME);
    if (templateLifecycle) {
      assertThat(templateRetention().asText()).isEqualTo("30d");
      assertThat(template.detail()).contains("data_retention 400d -> 30d");
      assertThat(entry(again, IndexTemplates.INDEX_TEMPLATE, DataStreamTemplates.NAME).outcome())
          .as("the same retention writes nothing").isEqualTo(Outcome.KEPT);
    }
    Entry own = entry(changed, RetentionUpdate.LIFECYCLE, stream.name());
    JsonNode api = es.attempt("GET", "/_data_stream/" + stream.name() + "/_lifecycle", null);
    if (api.has("data_streams")) {
      assertThat(own.outcome()).isEqualTo(Outcome.UPDATED);
      assertThat(api.at("/data_streams/0/lifecycle/data_retention").asText()).isEqualTo("30d");
    } else {
      // the minimal test distribution: no data stream lifecycle API and no ILM, said and gone on
      assertThat(own.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(own.detail()).contains("no data stream lifecycle API").contains("keeps its retention");
    }
  }

  private Destination.DataStream retention(String r) {
    return new Destination.DataStream(namespace, Optional.empty(), Optional.of(r));
  }

  private JsonNode templateRetention() throws IOException {
    return es.call("GET", "/_index_template/" + DataStreamTemplates.NAME, null)
        .at("/index_templates/0/index_template/template/lifecycle/data_retention");
  }

  private static Entry entry(List<Entry> entries, String kind, String name) {
    return entries.stream().filter(e -> e.kind().equals(kind) && e.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " [" + name + "] in " + entries));
  }

  /** The stream's newest backing index (the minimal distribution has no _data_stream API to ask). */
  private String writeIndex() throws IOException {
    List<String> names = new ArrayList<>();
    es.call("GET", "/" + stream.name() + "/_mapping", null).fieldNames().forEachRemaining(names::add);
    return names.stream().max((a, b) -> Long.compare(IndexMappingUpgrade.generation(a),
        IndexMappingUpgrade.generation(b))).orElseThrow();
  }

  /** The mapped type of a dotted field in one backing index, or null when it is not mapped there. */
  private String type(String index, String field) throws IOException {
    JsonNode node = es.call("GET", "/" + index + "/_mapping", null).path(index).path("mappings");
    for (String part : field.split("\\.")) {
      node = node.path("properties").path(part);
    }
    return node.path("type").asText(null);
  }
}
