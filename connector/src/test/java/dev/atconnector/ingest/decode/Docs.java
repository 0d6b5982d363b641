package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One record through the decoder's fast path or through the slow (tree) path, for tests of the document. */
final class Docs {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Position AT = new Position("s-1", 1);

  private Docs() {}

  static Normalizer normalizer(boolean preserveOriginal) {
    return new Normalizer("activity-tracker-", preserveOriginal, Bodies.CLOCK);
  }

  /** The record as the download decoder writes it (record 1 of session s-1). */
  static Decoded fast(String json, boolean preserveOriginal) {
    try (DownloadDecoder decoder = new DownloadDecoder(AT.sessionId(), DecodeLimits.DEFAULTS,
        normalizer(preserveOriginal))) {
      List<Decoded> out = new ArrayList<>(decoder.feed(ByteBuffer.wrap(Bodies.gzip(json.getBytes(StandardCharsets.UTF_8)))));
      out.addAll(decoder.finish());
      if (out.size() != 1) {
        throw new AssertionError("expected one record, got " + out);
      }
      return out.get(0);
    }
  }

  static Decoded fast(String json) {
    return fast(json, false);
  }

  /** The record through the slow path: a tree of its bytes, written by the same writer. */
  static Decoded slow(String json, boolean preserveOriginal) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try {
      return normalizer(preserveOriginal).normalize(AT, bytes, MAPPER.readTree(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode source(Decoded d) {
    try {
      return MAPPER.readTree(((Doc) d).source());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Decoded d) {
    return new String(((Doc) d).source(), StandardCharsets.UTF_8);
  }

  /** The document of a record with a fixed event time and the given fields. */
  static JsonNode of(String fields) {
    return source(fast("{\"eventTime\":\"2019-05-31T19:33:02.97+0000\"" + (fields.isEmpty() ? "" : ",")
        + fields + "}"));
  }

  static JsonNode vendor(JsonNode source) {
    return source.at("/ibmcloud/activity_tracker");
  }
}
