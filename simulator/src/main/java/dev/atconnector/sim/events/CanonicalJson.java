package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical form used for content-derived ids (reference A.4), shared by contract with the connector's
 * {@code dev.atconnector.ingest.decode.EventIdentity}: object keys sorted by {@link String#compareTo}, recursively;
 * array order kept; no whitespace; strings and numbers as Jackson's default generator writes them, except that
 * supplementary characters (emoji) are written as raw 4-byte UTF-8 rather than escaped surrogate pairs
 * ({@code JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8}, which the shared test vector requires); UTF-8; the id is
 * the lowercase hex SHA-256 of those bytes. The input is the whole original record (any shape) as a default Jackson
 * {@code ObjectMapper} reads it from the record's bytes (so duplicate keys keep the last value, and non-integral
 * numbers become doubles). Thread-safe.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CanonicalJson() {}

  /** The canonical bytes of a JSON text. */
  public static byte[] canonicalize(byte[] json, int offset, int length) {
    try {
      return canonicalBytes(MAPPER.readTree(json, offset, length));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON record, cannot canonicalise it: " + e.getMessage(), e);
    }
  }

  /** The canonical bytes of a parsed JSON value. */
  public static byte[] canonicalBytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JsonText.generator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The content id of a record: lowercase hex SHA-256 of its canonical bytes. */
  public static String sha256Hex(byte[] json, int offset, int length) {
    return sha256Hex(canonicalize(json, offset, length));
  }

  /** Lowercase hex SHA-256 of raw bytes. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> field : fields) {
        g.writeFieldName(field.getKey());
        write(g, field.getValue());
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        write(g, element);
      }
      g.writeEndArray();
    } else {
      MAPPER.writeTree(g, node);
    }
  }
}
