package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.json.NdJsonpSerializable;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A bulk request written and read by hand: the NDJSON body is the action lines, written as bytes, and the documents'
 * bytes as they are, copied into a few large segments ({@link BulkBody}; no typed {@code BulkRequest}, no
 * per-operation objects or JSON generators), sent through the
 * client's transport (so authentication, TLS, compression, the product check
 * and error answers are the client's as before), and the answer is read with a streaming parser for only what the
 * settlement needs: each item's status and error. Request-level failures (4xx/5xx answers, no answer) still surface
 * as the client's {@code ElasticsearchException} / {@code TransportException}.
 */
final class RawBulk {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /**
   * Only what {@link #parse} reads: without it Elasticsearch renders per item its index, id, version, result,
   * shards, sequence number and primary term (~210 bytes of JSON per document, ~20 with the filter), which it spends
   * CPU writing and the connector spends CPU skipping. An item keeps its {@code status} and {@code error} (with
   * {@code caused_by}) whatever its operation, so the answer still has one entry per item, in order.
   */
  static final String FILTER_PATH = "items.*.status,items.*.error";
  private static final BinaryEndpoint<NdJsonpSerializable> ENDPOINT = new BinaryEndpoint<>("es/bulk",
      request -> "POST", request -> "/_bulk", request -> Map.of(), request -> Map.of("filter_path", FILTER_PATH),
      request -> Map.of(), true, null);

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
   * {@code pipeline} when one is given. The body is copied into segments of {@code pool}, given back once the
   * transport is done with them.
   */
  static CompletableFuture<Answer> send(ElasticsearchAsyncClient client, List<BulkItem> items,
      Optional<String> pipeline, BodySegments pool) {
    BulkBody body = BulkBody.of(items, pipeline, pool);
    NdJsonpSerializable ndjson = body.parts()::iterator;
    CompletableFuture<BinaryResponse> sent = client._transport()
        .performRequestAsync(ndjson, ENDPOINT, client._transportOptions());
    // the answer (or the failure, after the client's own retries on other nodes) means the body will not be read
    // again; only a cancelled request may still be writing it, so its segments are left to the GC
    sent.whenComplete((response, failure) -> {
      if (!(failure instanceof CancellationException)) {
        body.release();
      }
    });
    return sent.thenApply(RawBulk::read);
  }

  /** The body's parts as the transport takes them (it ends each with a line feed), for tests. */
  static List<BinaryData> lines(List<BulkItem> items) {
    return BulkBody.of(items, Optional.empty(), new BodySegments()).parts();
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
