package dev.atconnector.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.events.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Decoding a downloaded body in the test: gunzip (all members), split into records, identify them (reference A.4). */
final class Downloads {
  private Downloads() {}

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** The records of a well-formed body in any framing (a top-level array is unwrapped). */
  static List<JsonNode> records(byte[] body) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    try (JsonParser parser = SimHttp.MAPPER.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            records.add(SimHttp.MAPPER.readTree(parser));
          }
        } else {
          records.add(SimHttp.MAPPER.readTree(parser));
        }
      }
    }
    return records;
  }

  /** The sorted document ids of the records: event_uuid, else CADF id, else SHA-256 of the canonical record. */
  static List<String> ids(List<JsonNode> records) {
    List<String> ids = new ArrayList<>();
    for (JsonNode record : records) {
      String id = text(record.get("event_uuid"));
      if (id == null) {
        id = text(record.has("payload") ? record.get("payload").get("id") : record.get("id"));
      }
      ids.add(id != null ? id : CanonicalJson.sha256Hex(CanonicalJson.canonicalBytes(record)));
    }
    Collections.sort(ids);
    return ids;
  }

  private static String text(JsonNode node) {
    if (node == null || !node.isTextual() || node.asText().isBlank()
        || node.asText().getBytes(StandardCharsets.UTF_8).length > 512) {
      return null;
    }
    return node.asText();
  }
}
