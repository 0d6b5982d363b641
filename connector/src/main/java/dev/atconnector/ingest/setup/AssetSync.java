package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the shipped saved objects so they follow the destination and never overwrite what a user edited.
 *
 * <p><b>Destination.</b> The data view {@code at-connector-data-view} is titled after where events are:
 * {@code logs-ibmcloud.activity_tracker-*} (or {@code -<namespace>} for a namespace other than {@code default}),
 * plus {@code <prefix>20*} for the monthly indices; every Lens panel's query also selects
 * {@code event.dataset:"ibmcloud.activity_tracker"}, so the panels stay right on a data view a user widens.
 *
 * <p><b>Edits.</b> After each import the attributes Kibana stored are hashed into a {@link Ledger}. The next
 * {@code setup} reads the objects back ({@code _bulk_get}): one whose attributes no longer hash to what was recorded
 * was edited in Kibana and is skipped (reported) unless {@code force}; one recorded nowhere but present (imported by
 * an older connector, or made by hand under our id) is skipped as well, since it cannot be told apart from an edit.
 */
public final class AssetSync {
  /** Lens queries select the dataset with this. */
  static final String DATASET_QUERY = "event.dataset:\"" + Destination.DATASET + "\"";
  static final String DATA_VIEW_ID = "at-connector-data-view";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Where the hashes of the imported objects are kept between runs of {@code setup}. */
  public interface Ledger {
    /** {@code type/id} → hash of the attributes Kibana stored at the last import. */
    Map<String, String> load();

    void save(Map<String, String> hashes);
  }

  /** An object left as it is, and why. */
  public record Skipped(String file, String type, String id, String title, String reason) {}

  /** What a sync did. */
  public record Outcome(List<ObjectResult> imported, List<Skipped> skipped) {}

  private final KibanaImporter importer;
  private final Ledger ledger;
  private final Destination destination;
  private final boolean force;

  public AssetSync(KibanaImporter importer, Ledger ledger, Destination destination, boolean force) {
    this.importer = importer;
    this.ledger = ledger;
    this.destination = destination;
    this.force = force;
  }

  /** The data view's title (index pattern) for {@code destination}. */
  public static String dataViewTitle(Destination destination) {
    if (destination instanceof Destination.DataStream ds) {
      return ds.namespace().equals(Destination.DEFAULT_NAMESPACE) ? Destination.ALL_STREAMS : ds.name();
    }
    return Destination.ALL_STREAMS + "," + destination.searchTarget();
  }

  /** Imports every file's objects except the edited ones; records what Kibana stored. */
  public Outcome sync(List<Path> files) {
    Map<String, String> hashes = new LinkedHashMap<>(ledger.load());
    List<ObjectResult> imported = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      List<ObjectNode> objects = rewrite(read(file));
      ArrayNode wanted = JSON.createArrayNode();
      objects.forEach(o -> wanted.addObject().put("type", o.path("type").asText()).put("id", o.path("id").asText()));
      Map<String, JsonNode> current = byKey(importer.bulkGet(wanted));
      StringBuilder body = new StringBuilder();
      for (ObjectNode o : objects) {
        String key = key(o);
        JsonNode now = current.get(key);
        if (now != null && !force) {
          String recorded = hashes.get(key);
          String reason = recorded == null ? "exists and was not imported by this setup (an older connector or a "
              + "hand-made object); --force overwrites it"
              : !recorded.equals(hash(now.path("attributes"))) ? "edited in Kibana since setup imported it; "
                  + "--force overwrites it" : null;
          if (reason != null) {
            skipped.add(new Skipped(name, o.path("type").asText(), o.path("id").asText(),
                o.at("/attributes/title").asText(""), reason));
            continue;
          }
        }
        body.append(write(o)).append('\n');
      }
      if (body.isEmpty()) {
        continue;
      }
      List<ObjectResult> results = importer.importBytes(name, body.toString().getBytes(StandardCharsets.UTF_8));
      imported.addAll(results);
      ArrayNode stored = JSON.createArrayNode();
      results.stream().filter(ObjectResult::success)
          .forEach(r -> stored.addObject().put("type", r.type()).put("id", r.id()));
      if (!stored.isEmpty()) {
        byKey(importer.bulkGet(stored)).forEach((k, v) -> hashes.put(k, hash(v.path("attributes"))));
      }
    }
    ledger.save(hashes);
    return new Outcome(imported, skipped);
  }

  /** The objects with the data view and the panels made to follow the destination. */
  List<ObjectNode> rewrite(List<ObjectNode> objects) {
    for (ObjectNode o : objects) {
      String type = o.path("type").asText();
      if (type.equals("index-pattern") && o.path("id").asText().equals(DATA_VIEW_ID)
          && o.get("attributes") instanceof ObjectNode a) {
        a.put("title", dataViewTitle(destination));
      } else if (type.equals("lens") && o.at("/attributes/state/query") instanceof ObjectNode q
          && q.path("language").asText("kuery").equals("kuery")) {
        String given = q.path("query").asText("").strip();
        q.put("query", given.isEmpty() ? DATASET_QUERY : DATASET_QUERY + " and (" + given + ")");
      }
    }
    return objects;
  }

  /** Hash of attributes as Kibana returns them (keys sorted, so order does not matter). */
  static String hash(JsonNode attributes) {
    try {
      Object tree = CANONICAL.treeToValue(attributes, Object.class);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(tree));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash saved-object attributes", e);
    }
  }

  private static Map<String, JsonNode> byKey(JsonNode savedObjects) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode o : savedObjects) {
      if (!o.has("error")) {
        out.put(o.path("type").asText() + "/" + o.path("id").asText(), o);
      }
    }
    return out;
  }

  private static String key(JsonNode o) {
    return o.path("type").asText() + "/" + o.path("id").asText();
  }

  private static List<ObjectNode> read(Path file) {
    List<ObjectNode> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && JSON.readTree(line) instanceof ObjectNode o) {
          out.add(o);
        }
      }
    } catch (IOException e) {
      throw KibanaEndpoint.unusable("cannot read " + file + ": " + e.getClass().getSimpleName() + " "
          + e.getMessage(), e);
    }
    return out;
  }

  private static String write(JsonNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a saved object", e);
    }
  }

  /** A ledger that keeps nothing (every existing object counts as not imported by setup). */
  public static Ledger none() {
    return new Ledger() {
      @Override
      public Map<String, String> load() {
        return Map.of();
      }

      @Override
      public void save(Map<String, String> hashes) {
        // nothing kept
      }
    };
  }
}
