package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Elasticsearch client that sends nothing: every bulk request goes through the client's transport exactly as it
 * does for the real one (the sink builds the whole NDJSON body, {@link RawBulk}), and this answers it with a real
 * bulk answer of every item created, which the sink reads item by item as it reads Elasticsearch's. Behind the hidden
 * {@code ingest --sink discard}, so the benchmark can measure the connector's own cost (download, gunzip, parse,
 * normalise, serialise, bulk body, response handling) without Elasticsearch's.
 */
public final class DiscardingTransport implements TransportHttpClient {
  private static final byte[] HEAD = "{\"took\":0,\"errors\":false,\"items\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ITEM = ("{\"create\":{\"_index\":\"discarded\",\"_id\":\"-\",\"_version\":1,"
      + "\"result\":\"created\",\"status\":201}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;

  private final AtomicLong bodyBytes = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();

  /** A client whose bulk requests are serialised and then dropped; any other request fails. */
  public static ElasticsearchAsyncClient client(DiscardingTransport http) {
    return new ElasticsearchAsyncClient(new ElasticsearchTransportBase(http, null, new JacksonJsonpMapper()) { });
  }

  /** Bulk body bytes serialised (and dropped) so far. */
  public long bodyBytes() {
    return bodyBytes.get();
  }

  /** Bulk operations answered so far. */
  public long operations() {
    return operations.get();
  }

  @Override
  public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
      throws IOException {
    return answer(endpointId, request);
  }

  @Override
  public CompletableFuture<Response> performRequestAsync(
      String endpointId, Node node, Request request, TransportOptions options) {
    try {
      return CompletableFuture.completedFuture(answer(endpointId, request));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    // nothing is open
  }

  private Response answer(String endpointId, Request request) throws IOException {
    if (!request.path().endsWith("/_bulk")) {
      throw new IOException("--sink discard only takes bulk requests, not '" + endpointId + "' ("
          + request.method() + " " + request.path() + "); this is a bug in the caller");
    }
    long bytes = 0;
    long lines = 0;
    for (ByteBuffer buffer : request.body()) {
      lines += newlines(buffer);
      bytes += buffer.remaining();
    }
    int items = (int) (lines / 2); // every operation is a create: an action line and a source line
    bodyBytes.addAndGet(bytes);
    operations.addAndGet(items);
    byte[] body = new byte[HEAD.length + items * (ITEM.length + 1) + TAIL.length];
    System.arraycopy(HEAD, 0, body, 0, HEAD.length);
    int at = HEAD.length;
    for (int i = 0; i < items; i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      System.arraycopy(ITEM, 0, body, at, ITEM.length);
      at += ITEM.length;
    }
    System.arraycopy(TAIL, 0, body, at, TAIL.length);
    return new Created(BinaryData.of(java.util.Arrays.copyOf(body, at + TAIL.length), "application/json"));
  }

  /**
   * Line ends in the buffer, counted a word at a time (a real transport copies these bytes to a socket, which costs
   * about as little; a byte loop would make discarding look dearer than sending).
   */
  private static long newlines(ByteBuffer buffer) {
    if (!buffer.hasArray()) {
      long n = 0;
      for (int i = buffer.position(); i < buffer.limit(); i++) {
        n += buffer.get(i) == '\n' ? 1 : 0;
      }
      return n;
    }
    byte[] array = buffer.array();
    int i = buffer.arrayOffset() + buffer.position();
    int end = buffer.arrayOffset() + buffer.limit();
    long n = 0;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long x = (long) LONGS.get(array, i) ^ LFS; // a newline byte becomes a zero byte
      long t = ~(((x & LOW7) + LOW7) | x | LOW7); // 0x80 exactly in the zero bytes
      n += Long.bitCount(t);
    }
    for (; i < end; i++) {
      n += array[i] == '\n' ? 1 : 0;
    }
    return n;
  }

  /** A 200 answer that passes the client's product check. */
  private record Created(BinaryData data) implements Response {
    @Override
    public Node node() {
      return null;
    }

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public String header(String name) {
      return switch (name.toLowerCase(java.util.Locale.ROOT)) {
        case "x-elastic-product" -> "Elasticsearch";
        case "content-type" -> "application/json";
        default -> null;
      };
    }

    @Override
    public List<String> headers(String name) {
      String value = header(name);
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public BinaryData body() {
      return data;
    }

    @Override
    public Object originalResponse() {
      return this;
    }

    @Override
    public void close() {
      // an in-memory body holds nothing to release
    }
  }
}
