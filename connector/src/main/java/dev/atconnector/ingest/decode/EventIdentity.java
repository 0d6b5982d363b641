package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * A record's document {@code _id} (reference A.4), the same for every shape of the same event so re-ingesting a
 * window never makes a second copy: root {@code event_uuid}, else the CADF {@code id} (root, or {@code payload.id}
 * of an envelope), each only if a non-blank string of at most 512 UTF-8 bytes; else the lowercase hex SHA-256 of
 * the record's canonical JSON. Canonical JSON (shared by contract with the simulator's {@code CanonicalJson}):
 * object keys sorted by {@link String#compareTo}, recursively; array order kept; no whitespace; strings and
 * numbers as Jackson's default generator writes them, except that characters beyond the BMP are raw 4-byte UTF-8
 * ({@code COMBINE_UNICODE_SURROGATES_IN_UTF8}, as the shared test vector requires); computed from the tree a default
 * {@code ObjectMapper} reads from the record's bytes.
 *
 * @param id the document id
 * @param source where it came from: {@code event_uuid}, {@code id} or {@code sha256}
 */
public record EventIdentity(String id, String source) {
  /** Longest usable id in UTF-8 bytes: Elasticsearch refuses an {@code _id} over 512 bytes. */
  public static final int MAX_ID_BYTES = 512;

  /** Characters outside the BMP are written as 4-byte UTF-8, not as escaped surrogate pairs (Jackson 2's default). */
  static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The identity of one whole original record (any shape). */
  public static EventIdentity of(JsonNode record) {
    String uuid = usable(record.get("event_uuid"));
    if (uuid != null) {
      return new EventIdentity(uuid, "event_uuid");
    }
    JsonNode payload = record.get("payload");
    String cadfId = usable((payload != null && payload.isObject() ? payload : record).get("id"));
    if (cadfId != null) {
      return new EventIdentity(cadfId, "id");
    }
    return new EventIdentity(sha256Hex(canonicalJson(record)), "sha256");
  }

  private static String usable(JsonNode value) {
    return value == null || !value.isTextual() ? null : usable(value.textValue());
  }

  /** The text when it can be an id (not blank, at most {@link #MAX_ID_BYTES} in UTF-8), else null. */
  static String usable(String text) {
    return text == null || text.isBlank() || utf8Length(text) > MAX_ID_BYTES ? null : text;
  }

  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The canonical JSON bytes of a tree. */
  public static byte[] canonicalJson(JsonNode node) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
      try (JsonGenerator gen = JSON.createGenerator(out)) {
        write(gen, node);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing canonical JSON to memory failed", e);
    }
  }

  private static void write(JsonGenerator gen, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        String[] names = new String[node.size()];
        int i = 0;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          names[i++] = field.getKey();
        }
        Arrays.sort(names);
        gen.writeStartObject();
        for (String name : names) {
          gen.writeFieldName(name);
          write(gen, node.get(name));
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (JsonNode element : node) {
          write(gen, element);
        }
        gen.writeEndArray();
      }
      case STRING -> gen.writeString(node.textValue());
      case NUMBER -> writeNumber(gen, node);
      case BOOLEAN -> gen.writeBoolean(node.booleanValue());
      case NULL -> gen.writeNull();
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void writeNumber(JsonGenerator gen, JsonNode node) throws IOException {
    switch (node.numberType()) {
      case INT -> gen.writeNumber(node.intValue());
      case LONG -> gen.writeNumber(node.longValue());
      case BIG_INTEGER -> gen.writeNumber(node.bigIntegerValue());
      case FLOAT -> gen.writeNumber(node.floatValue());
      case BIG_DECIMAL -> gen.writeNumber(node.decimalValue());
      default -> gen.writeNumber(node.doubleValue());
    }
  }

  /** Lowercase hex SHA-256. */
  public static String sha256Hex(byte[] bytes) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }
}
