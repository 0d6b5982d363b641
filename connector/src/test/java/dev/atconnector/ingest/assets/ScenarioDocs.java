package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The simulator's {@code security} scenario as documents of the docs/fields.md shape (template version 3), written
 * here without the connector's decoder: only the fields the detection rules read, by the rules of docs/fields.md
 * (the action → event.category/event.type table included). It lets the rules' tests run on the contract itself
 * while the decoder that produces it is being written; {@code DetectionRulesScenarioIT} runs them on what the
 * connector really indexes.
 */
final class ScenarioDocs {
  private static final Set<String> IAM_SERVICES = Set.of("iam-identity", "iam-am", "iam-access-management",
      "iam-groups", "user-management");
  private static final Set<String> IAM_OBJECTS = Set.of("user", "apikey", "serviceid", "policy", "role",
      "trusted-profile");

  private ScenarioDocs() {}

  /** The scenario's events, space and account, by _id, in the docs/fields.md shape, ingested at {@code ingested}. */
  static Map<String, ObjectNode> documents(String spaceId, Instant ingested) {
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    try (EventCatalog catalog = new EventCatalog(1, 0)) {
      catalog.addScenario("security", spaceId, ScenarioExpectations.START);
      for (boolean account : List.of(false, true)) {
        DownloadSpec spec = new DownloadSpec(new Scope(spaceId, account), ScenarioExpectations.START,
            ScenarioExpectations.DETECTION_DAY, OptionalInt.empty(), Framing.NDJSON, RecordShape.CADF, false, 0,
            false);
        for (Iterator<byte[]> it = catalog.framedRecords(spec); it.hasNext(); ) {
          JsonNode cadf = DetectionRules.JSON.readTree(it.next());
          docs.put(cadf.path("id").asText(), document(cadf, ingested));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static ObjectNode document(JsonNode cadf, Instant ingested) {
    ObjectNode doc = DetectionRules.JSON.createObjectNode();
    String action = cadf.path("action").asText();
    doc.put("@timestamp", cadf.path("eventTime").asText());
    ObjectNode event = doc.putObject("event");
    event.put("kind", "event").put("module", "ibmcloud").put("dataset", "ibmcloud.activity_tracker")
        .put("provider", action.substring(0, action.indexOf('.'))).put("action", action)
        .put("outcome", cadf.path("outcome").asText()).put("id", cadf.path("id").asText())
        .put("ingested", ingested.toString());
    event.putArray("category").add(category(action));
    event.putArray("type").add(type(action));
    JsonNode initiator = cadf.path("initiator");
    doc.putObject("user").put("id", initiator.path("id").asText()).put("name", initiator.path("name").asText());
    doc.putObject("source").put("ip", initiator.at("/host/address").asText());
    doc.putObject("user_agent").put("original", initiator.at("/host/agent").asText());
    ObjectNode vendor = doc.putObject("ibmcloud").putObject("activity_tracker");
    vendor.putObject("target").put("name", cadf.at("/target/name").asText());
    if (cadf.path("requestData").isObject()) {
      vendor.set("request_data", cadf.path("requestData"));
    }
    return doc;
  }

  /** The first matching row of docs/fields.md's category table. */
  static String category(String action) {
    String[] parts = action.split("\\.");
    String service = parts[0];
    String verb = parts[parts.length - 1];
    String object = String.join(".", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
    if (Set.of("login", "authenticate", "logout").contains(verb) || verb.endsWith("-login")) {
      return "authentication";
    }
    if (object.equals("session") || object.endsWith("-session")) {
      return "session";
    }
    if (IAM_SERVICES.contains(service) || IAM_OBJECTS.contains(object) || object.endsWith("-apikey")
        || object.startsWith("access-group")) {
      return "iam";
    }
    if (object.matches(".*-(acl|policy|cors|settings)") || object.equals("settings") || service.equals("atracker")) {
      return "configuration";
    }
    if (service.equals("cloud-object-storage")) {
      return "file";
    }
    if (service.equals("cloudantnosqldb") || service.startsWith("databases-for-") || service.startsWith("dashdb")
        || service.startsWith("db2")) {
      return "database";
    }
    if (service.equals("is") || object.contains("load-balancer")
        || Set.of("vpc", "subnet", "security-group", "floating-ip").contains(object) || object.startsWith("network")) {
      return "network";
    }
    return "configuration";
  }

  /** The verb table of docs/fields.md (the entity types it adds are left out: no rule reads them). */
  static String type(String action) {
    String verb = action.substring(action.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (verb.endsWith("-login")) {
      return "start";
    }
    return switch (verb) {
      case "create", "add", "invite", "attach", "import", "provision", "bind" -> "creation";
      case "delete", "remove", "detach", "destroy", "unbind", "deprovision" -> "deletion";
      case "update", "patch", "config", "set", "rotate", "enable", "disable", "reboot", "restore", "reset", "modify",
          "assign", "unassign", "start", "stop" -> "change";
      case "read", "list", "get", "show", "view", "download", "wrap", "unwrap", "rewrap" ->
          category(action).equals("iam") ? "info" : "access";
      case "login", "authenticate" -> "start";
      case "logout" -> "end";
      default -> "info";
    };
  }

  /** The mapping of the fields above, with the v3 template's types. */
  static String mapping() {
    List<String> keywords = new ArrayList<>(List.of("kind", "module", "dataset", "provider", "action", "outcome",
        "id", "category", "type"));
    StringBuilder event = new StringBuilder();
    keywords.forEach(k -> event.append('"').append(k).append("\":{\"type\":\"keyword\"},"));
    return "{\"mappings\":{\"dynamic\":false,\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
        + "\"event\":{\"properties\":{" + event + "\"ingested\":{\"type\":\"date\"}}},"
        + "\"user\":{\"properties\":{\"id\":{\"type\":\"keyword\"},\"name\":{\"type\":\"keyword\"}}},"
        + "\"source\":{\"properties\":{\"ip\":{\"type\":\"ip\"}}},"
        + "\"user_agent\":{\"properties\":{\"original\":{\"type\":\"keyword\"}}},"
        + "\"ibmcloud\":{\"properties\":{\"activity_tracker\":{\"properties\":{"
        + "\"target\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}},"
        + "\"request_data\":{\"type\":\"flattened\",\"ignore_above\":1024}}}}}}}}";
  }
}
