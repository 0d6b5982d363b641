package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The one writer of {@code data_stream.*}, the fields every document of a data stream carries (as every Elastic
 * integration's do; mapped {@code constant_keyword}, so they cost {@code _source} bytes only): the
 * {@link Transcoder} writes them as the last field of each event it transcodes, and {@link #retarget} writes them
 * into a document that was written for another destination (a document Elasticsearch refused, replayed from the
 * dead letters into the destination of the replay).
 */
public final class DataStreamFields {
  private static final String FIELD = "data_stream";
  private static final JsonFactory JSON = new JsonFactory();

  private DataStreamFields() {}

  /** Writes {@code "data_stream":{"type":…,"dataset":…,"namespace":…}} as the next field of the open object. */
  public static void write(JsonGenerator gen, String namespace) throws IOException {
    gen.writeObjectFieldStart(FIELD);
    gen.writeStringField("type", Destination.TYPE);
    gen.writeStringField("dataset", Destination.DATASET);
    gen.writeStringField("namespace", namespace);
    gen.writeEndObject();
  }

  /**
   * A document as {@code destination} stores it: every field of {@code doc}'s source but {@code data_stream}, in
   * order, then {@code data_stream.*} for a data stream; its index is the one {@code destination} gives the
   * document's {@code @timestamp} (the document's own index when it has no usable {@code @timestamp}). Same _id,
   * position and size.
   *
   * @return empty when the source is not one JSON object (it is then sent as it is, for Elasticsearch to name why)
   */
  public static Optional<Doc> retarget(Doc doc, Destination destination) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(doc.source().length + 128);
    String timestamp = null;
    try (JsonParser p = JSON.createParser(doc.source());
        JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      gen.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(FIELD)) {
          p.skipChildren();
          continue;
        }
        if (name.equals("@timestamp") && value == JsonToken.VALUE_STRING) {
          timestamp = p.getText();
        }
        gen.writeFieldName(name);
        gen.copyCurrentStructure(p);
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return Optional.empty();
      }
      if (destination instanceof Destination.DataStream ds) {
        write(gen, ds.namespace());
      }
      gen.writeEndObject();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("rewriting a document in memory failed", e);
    }
    String index = doc.index();
    if (timestamp != null) {
      Instant at = EventTime.parse(timestamp);
      if (at != null) {
        index = destination.index(at.toEpochMilli());
      }
    }
    return Optional.of(new Doc(doc.id(), index, out.toByteArray(), doc.position(), doc.checksum()));
  }
}
