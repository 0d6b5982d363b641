package dev.atconnector.ingest.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** {@code setup}'s saved objects follow the destination and keep what a user edited in Kibana (issue 14). */
class AssetSyncTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHIPPED = Paths.get("..", "dashboards", "activity-tracker.ndjson");

  /** A Kibana that stores what is imported and answers _bulk_get from its store. */
  private static final class Store {
    final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    int imports;

    FakeKibana.Reply answer(FakeKibana.Received r) {
      try {
        if (r.uri().endsWith("/api/saved_objects/_bulk_get")) {
          ArrayNode out = JSON.createArrayNode();
          for (JsonNode want : JSON.readTree(r.body())) {
            String key = want.path("type").asText() + "/" + want.path("id").asText();
            ObjectNode have = objects.get(key);
            if (have == null) {
              out.addObject().put("type", want.path("type").asText()).put("id", want.path("id").asText())
                  .putObject("error").put("statusCode", 404);
            } else {
              out.add(have.deepCopy());
            }
          }
          return new FakeKibana.Reply(200, JSON.createObjectNode().set("saved_objects", out).toString());
        }
        imports++;
        ArrayNode ok = JSON.createArrayNode();
        for (String line : r.body().split("\r?\n")) {
          if (line.startsWith("{\"")) {
            ObjectNode o = (ObjectNode) JSON.readTree(line);
            objects.put(o.path("type").asText() + "/" + o.path("id").asText(), o);
            ok.addObject().put("type", o.path("type").asText()).put("id", o.path("id").asText());
          }
        }
        ObjectNode reply = JSON.createObjectNode().put("success", true).put("successCount", ok.size());
        reply.set("successResults", ok);
        return new FakeKibana.Reply(200, reply.toString());
      } catch (IOException e) {
        return new FakeKibana.Reply(500, "{}");
      }
    }

    JsonNode attributes(String type, String id) {
      return objects.get(type + "/" + id).path("attributes");
    }
  }

  private static final class MemoryLedger implements AssetSync.Ledger {
    Map<String, String> hashes = new HashMap<>();

    @Override
    public Map<String, String> load() {
      return hashes;
    }

    @Override
    public void save(Map<String, String> h) {
      hashes = new HashMap<>(h);
    }
  }

  private static AssetSync sync(FakeKibana kibana, AssetSync.Ledger ledger, Destination d, boolean force) {
    KibanaImporter importer = new KibanaImporter(HttpClient.create().responseTimeout(Duration.ofSeconds(20)),
        kibana.uri(), "default", Optional.empty());
    return new AssetSync(importer, ledger, d, force);
  }

  @Test
  void theDataViewAndPanelsFollowTheDestination() {
    Store store = new Store();
    try (FakeKibana kibana = new FakeKibana(store::answer)) {
      AssetSync.Outcome first = sync(kibana, new MemoryLedger(), Destination.dataStream("default"), false)
          .sync(List.of(SHIPPED));
      assertThat(first.skipped()).isEmpty();
      assertThat(first.imported()).isNotEmpty().allMatch(KibanaImporter.ObjectResult::success);
      assertThat(store.attributes("index-pattern", AssetSync.DATA_VIEW_ID).path("title").asText())
          .isEqualTo("logs-ibmcloud.activity_tracker-*");
      assertThat(store.attributes("lens", "at-connector-overview-failures").at("/state/query/query").asText())
          .isEqualTo("event.dataset:\"ibmcloud.activity_tracker\" and (event.outcome:failure)");
      assertThat(store.attributes("lens", "at-connector-overview-outcome").at("/state/query/query").asText())
          .isEqualTo("event.dataset:\"ibmcloud.activity_tracker\"");
    }
    assertThat(AssetSync.dataViewTitle(Destination.dataStream("prod")))
        .isEqualTo("logs-ibmcloud.activity_tracker-prod");
    assertThat(AssetSync.dataViewTitle(Destination.monthly("audit-")))
        .isEqualTo("logs-ibmcloud.activity_tracker-*,audit-20*");
  }

  @Test
  void aSavedObjectEditedInKibanaIsKeptAndReportedUnlessForced() {
    Store store = new Store();
    MemoryLedger ledger = new MemoryLedger();
    try (FakeKibana kibana = new FakeKibana(store::answer)) {
      sync(kibana, ledger, Destination.dataStream("default"), false).sync(List.of(SHIPPED));
      int objects = store.objects.size();
      ((ObjectNode) store.attributes("dashboard", "at-connector-security")).put("title", "Our security board");

      AssetSync.Outcome second = sync(kibana, ledger, Destination.dataStream("prod"), false).sync(List.of(SHIPPED));
      assertThat(second.skipped()).extracting(AssetSync.Skipped::id).containsExactly("at-connector-security");
      assertThat(second.skipped().get(0).reason()).contains("edited in Kibana").contains("--force");
      assertThat(second.imported()).hasSize(objects - 1);
      assertThat(store.attributes("dashboard", "at-connector-security").path("title").asText())
          .isEqualTo("Our security board");
      assertThat(store.attributes("index-pattern", AssetSync.DATA_VIEW_ID).path("title").asText())
          .as("the untouched data view follows the new namespace").isEqualTo("logs-ibmcloud.activity_tracker-prod");

      AssetSync.Outcome forced = sync(kibana, ledger, Destination.dataStream("prod"), true).sync(List.of(SHIPPED));
      assertThat(forced.skipped()).isEmpty();
      assertThat(store.attributes("dashboard", "at-connector-security").path("title").asText())
          .isNotEqualTo("Our security board");
    }
  }

  @Test
  void anObjectPresentButNeverImportedBySetupIsKept() {
    Store store = new Store();
    try (FakeKibana kibana = new FakeKibana(store::answer)) {
      sync(kibana, AssetSync.none(), Destination.dataStream("default"), false).sync(List.of(SHIPPED));
      AssetSync.Outcome again = sync(kibana, AssetSync.none(), Destination.dataStream("default"), false)
          .sync(List.of(SHIPPED));
      assertThat(again.imported()).isEmpty();
      assertThat(again.skipped()).hasSize(store.objects.size())
          .allMatch(s -> s.reason().contains("not imported by this setup"));
    }
  }
}
