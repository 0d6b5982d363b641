package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one parsed record of any shape (reference A.2) into the one indexed shape (A.3-A.5), or a dead letter.
 * Thread-safe.
 *
 * <p>The indexed document: an envelope's payload fields at the root, with the envelope's other fields ({@code meta},
 * {@code logSourceCRN}, ...) beside them (on a name clash the payload wins and the envelope's value moves to
 * {@code at.envelope.<name>}); stored and bare CADF records as they are. Then {@code @timestamp} = the event time
 * in UTC (a stored record's own {@code @timestamp} moves to {@code at.stored_timestamp}); {@code requestData} and
 * {@code responseData} stay verbatim, with a parsed copy in {@code at.request_data} / {@code at.response_data}
 * when they hold a JSON object; and {@code at} = {@code {id_source, shape, session, record, hour_of_day,
 * day_of_week}}. A record's own {@code at} field moves to {@code at.original_at}. The ECS fields are added by
 * {@link EcsFields}.
 */
public final class Normalizer {
  public static final String STAGE = "normalise";

  private static final ObjectMapper MAPPER = new ObjectMapper(EventIdentity.JSON);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Destination destination;

  /** @param indexPrefix prefix of the monthly indices, e.g. {@code activity-tracker-} */
  public Normalizer(String indexPrefix) {
    this(Destination.monthly(indexPrefix));
  }

  /** @param destination chooses each event's index (or data stream) and completes its document */
  public Normalizer(Destination destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  /**
   * @param position where the record came from
   * @param original the record's bytes exactly as downloaded (UTF-8)
   * @param record the record parsed
   */
  public Decoded normalize(Position position, byte[] original, JsonNode record) {
    if (!(record instanceof ObjectNode in)) {
      return dead(position, original, "record is not a JSON object (it is " + kind(record) + ")");
    }
    ObjectNode at = NODES.objectNode();
    ObjectNode doc = NODES.objectNode();
    String shape = reshape(in, doc, at);
    JsonNode eventTime = doc.get("eventTime");
    JsonNode stored = doc.get("@timestamp");
    Instant time = parseTime(eventTime);
    if (time == null) {
      time = parseTime(stored);
    }
    if (time == null) {
      return dead(position, original, "no usable event time: eventTime is " + describe(eventTime) + " and "
          + (stored == null ? "there is no @timestamp" : "@timestamp " + describe(stored) + " is not a time either"));
    }
    EventIdentity identity = EventIdentity.of(in);
    ObjectNode head = NODES.objectNode()
        .put("id_source", identity.source())
        .put("shape", shape)
        .put("session", position.sessionId())
        .put("record", position.recordNumber());
    head.setAll(at);
    if (stored != null) {
      head.put("stored_timestamp", stored.isTextual() ? stored.textValue() : stored.toString());
    }
    parsedCopy(doc.get("requestData"), head, "request_data");
    parsedCopy(doc.get("responseData"), head, "response_data");
    JsonNode ownAt = doc.remove("at");
    if (ownAt != null) {
      head.set("original_at", ownAt);
    }
    long millis = time.toEpochMilli();
    doc.put("@timestamp", EventTime.format(millis));
    EcsFields.add(doc, head, millis);
    doc.set("at", head);
    try {
      return new Doc(identity.id(), destination.index(millis), destination.document(MAPPER.writeValueAsBytes(doc)),
          original, position);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("serialising a JSON tree to memory failed", e);
    }
  }

  /** Copies the record into {@code doc} in the indexed shape and returns the shape's name. */
  private static String reshape(ObjectNode in, ObjectNode doc, ObjectNode at) {
    if (in.get("payload") instanceof ObjectNode payload) {
      doc.setAll(payload);
      ObjectNode clashes = null;
      for (Map.Entry<String, JsonNode> field : in.properties()) {
        String name = field.getKey();
        if (name.equals("payload")) {
          continue;
        }
        if (doc.has(name)) {
          clashes = clashes != null ? clashes : NODES.objectNode();
          clashes.set(name, field.getValue());
        } else {
          doc.set(name, field.getValue());
        }
      }
      if (clashes != null) {
        at.set("envelope", clashes);
      }
      return "envelope";
    }
    doc.setAll(in);
    return in.has("event_uuid") || in.has("@version") || in.has("ALCH_ACCOUNT_ID") ? "stored" : "cadf";
  }

  private static Instant parseTime(JsonNode value) {
    return value != null && value.isTextual() ? EventTime.parse(value.textValue()) : null;
  }

  /** Puts a parsed copy of a JSON object (given as object or as JSON text) under {@code at.<name>}. */
  private static void parsedCopy(JsonNode value, ObjectNode at, String name) {
    if (value instanceof ObjectNode) {
      at.set(name, value);
    } else if (value != null && value.isTextual() && value.textValue().stripLeading().startsWith("{")) {
      try {
        JsonNode parsed = MAPPER.readTree(value.textValue());
        if (parsed instanceof ObjectNode) {
          at.set(name, parsed);
        }
      } catch (JsonProcessingException e) {
        // plain text that merely starts with '{' is legitimate: it stays verbatim and gets no parsed copy
      }
    }
  }

  private static DeadLetter dead(Position position, byte[] original, String reason) {
    return new DeadLetter(position, STAGE, position + ": " + reason, new String(original, StandardCharsets.UTF_8));
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describe(JsonNode value) {
    if (value == null) {
      return "missing";
    }
    String text = value.toString();
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }
}
