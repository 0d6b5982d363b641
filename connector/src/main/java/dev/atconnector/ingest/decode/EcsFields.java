package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Adds the Elastic Common Schema fields of the field contract ({@code notes/ecsfields.md}, {@code mappings/README.md})
 * beside a normalised event's original CADF fields, reading the tree already built (no re-parsing). A field is set
 * only when its source exists and is valid; an original root field of the same name as an ECS object
 * ({@code user}, {@code event}, ...) is never overwritten: that ECS group is then left out.
 */
final class EcsFields {
  static final String ECS_VERSION = "8.11.0";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday"};

  private EcsFields() {}

  /**
   * @param doc the normalised event (CADF fields at the root)
   * @param at the connector's {@code at} object of that event
   * @param millis the event time ({@code @timestamp}) in epoch milliseconds
   */
  static void add(ObjectNode doc, ObjectNode at, long millis) {
    JsonNode initiator = doc.path("initiator");
    putIfFree(doc, "ecs", NODES.objectNode().put("version", ECS_VERSION));
    putIfFree(doc, "event", event(doc));
    String address = text(initiator.path("host").path("address"));
    String ip = Ips.isIp(address) ? address : null;
    if (ip != null) {
      putIfFree(doc, "source", NODES.objectNode().put("ip", ip));
    }
    ObjectNode user = user(initiator);
    if (!user.isEmpty()) {
      putIfFree(doc, "user", user);
    }
    String agent = text(initiator.path("host").path("agent"));
    if (agent != null) {
      putIfFree(doc, "user_agent", NODES.objectNode().put("original", agent));
    }
    Integer status = statusCode(doc.path("reason").path("reasonCode"));
    if (status != null) {
      ObjectNode http = NODES.objectNode();
      http.putObject("response").put("status_code", status);
      putIfFree(doc, "http", http);
    }
    putIfFree(doc, "cloud", cloud(doc));
    ObjectNode related = related(ip, user);
    if (!related.isEmpty()) {
      putIfFree(doc, "related", related);
    }
    long millisOfDay = Math.floorMod(millis, 86_400_000L);
    at.put("hour_of_day", (int) (millisOfDay / 3_600_000L));
    // 1970-01-01 was a Thursday: index 3 counting from Monday
    at.put("day_of_week", DAYS[(int) Math.floorMod(Math.floorDiv(millis, 86_400_000L) + 3, 7L)]);
  }

  private static ObjectNode event(ObjectNode doc) {
    ObjectNode event = NODES.objectNode().put("kind", "event").put("module", "ibmcloud")
        .put("dataset", "ibmcloud.activity_tracker");
    putText(event, "action", text(doc.get("action")));
    String outcome = text(doc.get("outcome"));
    if (outcome != null) {
      event.put("outcome", outcome(outcome));
    }
    Integer severity = severity(text(doc.get("severity")));
    if (severity != null) {
      event.put("severity", severity);
    }
    putText(event, "reason", text(doc.path("reason").path("reasonType")));
    return event;
  }

  /** ECS allows only success, failure and unknown; CADF adds pending (and services send anything). */
  static String outcome(String cadf) {
    String o = cadf.trim().toLowerCase(Locale.ROOT);
    return o.equals("success") || o.equals("failure") ? o : "unknown";
  }

  /** CADF severity as an ECS number (higher is worse); null for anything else. */
  static Integer severity(String cadf) {
    if (cadf == null) {
      return null;
    }
    return switch (cadf.trim().toLowerCase(Locale.ROOT)) {
      case "normal" -> 1;
      case "warning" -> 2;
      case "critical" -> 3;
      default -> null;
    };
  }

  private static ObjectNode user(JsonNode initiator) {
    ObjectNode user = NODES.objectNode();
    String id = text(initiator.get("id"));
    String name = text(initiator.get("name"));
    putText(user, "id", id);
    putText(user, "name", name);
    String email = looksLikeEmail(name) ? name : looksLikeEmail(id) ? id : null;
    putText(user, "email", email);
    return user;
  }

  /** An HTTP status code (100-599), given as an integral number or as digits; else null. */
  static Integer statusCode(JsonNode code) {
    int value;
    if (code.isIntegralNumber() && code.canConvertToInt()) {
      value = code.intValue();
    } else if (code.isTextual() && code.textValue().length() == 3 && code.textValue().chars().allMatch(
        c -> c >= '0' && c <= '9')) {
      value = Integer.parseInt(code.textValue());
    } else {
      return null;
    }
    return value >= 100 && value <= 599 ? value : null;
  }

  /** Provider always; service, region and account from target.id's CRN, each falling back to logSourceCRN's. */
  private static ObjectNode cloud(ObjectNode doc) {
    ObjectNode cloud = NODES.objectNode().put("provider", "ibm");
    Crn target = Crn.parse(text(doc.path("target").get("id")));
    Crn source = target != null && target.region() != null && target.account() != null && target.service() != null
        ? null : Crn.parse(text(doc.get("logSourceCRN")));
    putText(cloud, "region", Crn.first(target, source, Crn::region));
    String account = Crn.first(target, source, Crn::account);
    if (account != null) {
      cloud.putObject("account").put("id", account);
    }
    String service = Crn.first(target, source, Crn::service);
    if (service != null) {
      cloud.putObject("service").put("name", service);
    }
    return cloud;
  }

  private static ObjectNode related(String ip, ObjectNode user) {
    ObjectNode related = NODES.objectNode();
    if (ip != null) {
      related.putArray("ip").add(ip);
    }
    String id = text(user.get("id"));
    String name = text(user.get("name"));
    if (id != null || name != null) {
      ArrayNode users = related.putArray("user");
      if (id != null) {
        users.add(id);
      }
      if (name != null && !name.equals(id)) {
        users.add(name);
      }
    }
    return related;
  }

  /** Local part, one {@code @}, a dotted domain; no spaces or placeholder brackets. */
  static boolean looksLikeEmail(String s) {
    if (s == null || s.length() > 254) {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 1 || at != s.lastIndexOf('@')) {
      return false;
    }
    int dot = s.lastIndexOf('.');
    if (dot < at + 2 || dot == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '(' || c == ')') {
        return false;
      }
    }
    return true;
  }

  private static void putIfFree(ObjectNode doc, String name, ObjectNode value) {
    if (!doc.has(name)) {
      doc.set(name, value);
    }
  }

  private static void putText(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  /** The non-blank text of a string node, else null (numbers, objects, missing are not names). */
  static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
  }
}
