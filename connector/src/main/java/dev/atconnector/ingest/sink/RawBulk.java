package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import co.elastic.clients.json.NdJsonpSerializable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A bulk request written and read by hand: the NDJSON body is the action lines, written as bytes, and the documents'
 * bytes as they are (no typed {@code BulkRequest}, no per-operation objects or JSON generators), sent through the
 * client's transport (so authentication, TLS, compression, the product check
 * and error answers are the client's as before), and the answer is read with a streaming parser for only what the
 * settlement needs: each item's status and error. Request-level failures (4xx/5xx answers, no answer) still surface
 * as the client's {@code ElasticsearchException} / {@code TransportException}.
 */
final class RawBulk {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final BinaryEndpoint<NdJsonpSerializable> ENDPOINT = new BinaryEndpoint<>("es/bulk",
      request -> "POST", request -> "/_bulk", request -> Map.of(), request -> Map.of(), request -> Map.of(), true,
      null);
  private static final byte[] CREATE_INDEX = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ID = "\",\"_id\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PIPELINE = "\",\"pipeline\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACTION_END = "\"}}".getBytes(StandardCharsets.UTF_8);

  private RawBulk() {}

  /** One item of a bulk answer: its HTTP status, and its error when it has one. */
  record ItemError(String type, String reason, String causeType, String causeReason) {}

  /** A bulk answer: per item, in request order, its status and (null when none) its error. */
  record Answer(int[] status, ItemError[] errors) {
    int size() {
      return status.length;
    }
  }

  /**
   * Sends the items as one bulk request of {@code create} operations; events (never dead letters) name
   * {@code pipeline} when one is given.
   */
  static CompletableFuture<Answer> send(ElasticsearchAsyncClient client, List<BulkItem> items,
      java.util.Optional<String> pipeline) {
    List<BinaryData> lines = lines(items, pipeline);
    NdJsonpSerializable body = lines::iterator;
    return client._transport().performRequestAsync(body, ENDPOINT, client._transportOptions())
        .thenApply(RawBulk::read);
  }

  /**
   * The NDJSON body's lines (the transport ends each with a line feed): per item, its action line, written into one
   * array shared by the request's action lines, then its document's bytes as they are, not copied (a copy of every
   * document into one body array costs ~2 KB per document and a humongous array per request at a small heap).
   */
  static List<BinaryData> lines(List<BulkItem> items) {
    return lines(items, java.util.Optional.empty());
  }

  /** As {@link #lines(List)}, events naming {@code pipeline} when one is given. */
  static List<BinaryData> lines(List<BulkItem> items, java.util.Optional<String> pipeline) {
    byte[] pipe = pipeline.map(RawBulk::quoted).orElse(null);
    byte[] actions = new byte[items.size() * 96];
    int at = 0;
    List<BinaryData> lines = new ArrayList<>(items.size() * 2);
    String lastIndex = null;
    byte[] index = null;
    for (BulkItem item : items) {
      if (!item.index().equals(lastIndex)) {
        lastIndex = item.index();
        index = quoted(lastIndex);
      }
      byte[] id = quoted(item.id());
      byte[] through = item.isDeadLetter() ? null : pipe;
      int need = CREATE_INDEX.length + index.length + ID.length + id.length + ACTION_END.length
          + (through == null ? 0 : PIPELINE.length + through.length);
      if (at + need > actions.length) {
        actions = new byte[Math.max(need, items.size() * 96)]; // earlier lines keep the array they were written in
        at = 0;
      }
      int start = at;
      at = put(actions, at, CREATE_INDEX);
      at = put(actions, at, index);
      at = put(actions, at, ID);
      at = put(actions, at, id);
      if (through != null) {
        at = put(actions, at, PIPELINE);
        at = put(actions, at, through);
      }
      at = put(actions, at, ACTION_END);
      lines.add(BinaryData.of(actions, start, at - start, ContentType.APPLICATION_JSON));
      // sent as is: event documents come from the transcoder and dead letters from a generator, both compact JSON
      // with no raw line break (Doc#source), so no per-document scan is needed to keep the bulk framing
      lines.add(BinaryData.of(item.source(), ContentType.APPLICATION_JSON));
    }
    return lines;
  }

  private static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  /** The string's content as a JSON string's UTF-8 bytes (without quotes): as is when nothing needs escaping. */
  private static byte[] quoted(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s);
      }
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Answer read(BinaryResponse response) {
    try (response; InputStream in = response.content(); JsonParser p = JSON.createParser(in)) {
      return parse(p);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bulk answer: " + e.getMessage(), e);
    }
  }

  /** Reads a bulk answer: only {@code items[].<op>.status} and {@code .error} are kept. */
  static Answer parse(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("the bulk answer is not a JSON object");
    }
    int[] status = new int[0];
    ItemError[] errors = new ItemError[0];
    int n = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!"items".equals(name) || value != JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      status = new int[64];
      errors = new ItemError[64];
      while (p.nextToken() == JsonToken.START_OBJECT) { // {"create": {...}}
        if (n == status.length) {
          status = Arrays.copyOf(status, n * 2);
          errors = Arrays.copyOf(errors, n * 2);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if ("status".equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
              status[n] = p.getIntValue();
            } else if ("error".equals(field) && t == JsonToken.START_OBJECT) {
              errors[n] = error(p);
            } else {
              p.skipChildren();
            }
          }
        }
        n++;
      }
    }
    return new Answer(Arrays.copyOf(status, n), Arrays.copyOf(errors, n));
  }

  /** An item's error object (the parser on its START_OBJECT): type, reason and the first cause's. */
  private static ItemError error(JsonParser p) throws IOException {
    String type = null;
    String reason = null;
    String causeType = null;
    String causeReason = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ("type".equals(field) && t == JsonToken.VALUE_STRING) {
        type = p.getText();
      } else if ("reason".equals(field) && t == JsonToken.VALUE_STRING) {
        reason = p.getText();
      } else if ("caused_by".equals(field) && t == JsonToken.START_OBJECT) {
        ItemError cause = error(p);
        causeType = cause.type();
        causeReason = cause.reason();
      } else {
        p.skipChildren();
      }
    }
    return new ItemError(type, reason, causeType, causeReason);
  }
}
