package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A fake of the HTTP layer under the real Java client transport: requests are serialised by the real client and
 * answers parsed by it, so the sink meets real {@code BulkResponse}s and real exceptions. Statuses other than
 * 2xx and 400/401/403/404/405 fail the future as the low-level RestClient does (which raises its
 * {@code ResponseException}; that one cannot be built outside its package, so the fake raises the client's
 * {@code TransportException} with the status; {@code BulkSinkHttpTest} covers the real one).
 */
final class BulkFakeHttp implements TransportHttpClient {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Statuses the Java client asks the RestClient to pass through rather than raise. */
  private static final Set<Integer> PASSED_THROUGH = Set.of(400, 401, 403, 404, 405);

  /** One bulk operation as received. */
  record Op(String action, String index, String id, byte[] source) {
    String sourceText() {
      return new String(source, StandardCharsets.UTF_8);
    }

    JsonNode sourceJson() {
      try {
        return JSON.readTree(source);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One bulk request as received. */
  record Received(List<Op> ops, byte[] body) {}

  /** Answers request number {@code n} (0-based). */
  interface Responder {
    CompletableFuture<Response> answer(Received request, int n);
  }

  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private volatile Responder responder = (request, n) -> CompletableFuture.completedFuture(allCreated(request));

  ElasticsearchAsyncClient client() {
    return new ElasticsearchAsyncClient(
        new ElasticsearchTransportBase(this, null, new JacksonJsonpMapper(), NoopInstrumentation.INSTANCE) {});
  }

  BulkFakeHttp answering(Responder responder) {
    this.responder = responder;
    return this;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<Op> allOps() {
    return received().stream().flatMap(r -> r.ops().stream()).toList();
  }

  @Override
  public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) {
    throw new UnsupportedOperationException("the sink must use the async client");
  }

  @Override
  public CompletableFuture<Response> performRequestAsync(
      String endpointId, Node node, Request request, TransportOptions options) {
    Received r = parse(request);
    int n;
    synchronized (received) {
      n = received.size();
      received.add(r);
    }
    CompletableFuture<Response> answer = responder.answer(r, n);
    return answer.thenCompose(response -> {
      int status = response.statusCode();
      if ((status >= 200 && status < 300) || PASSED_THROUGH.contains(status)) {
        return CompletableFuture.completedFuture(response);
      }
      return CompletableFuture.failedFuture(
          new TransportException(response, "status line [HTTP/1.1 " + status + "]", endpointId));
    });
  }

  @Override
  public void close() {}

  // ---- canned answers

  static Response allCreated(Received request) {
    return items(request, i -> created(request.ops().get(i)));
  }

  static Response items(Received request, IntFunction<String> item) {
    return json(200, itemsJson(request, item));
  }

  static String itemsJson(Received request, IntFunction<String> item) {
    StringBuilder body = new StringBuilder("{\"took\":3,\"errors\":false,\"items\":[");
    for (int i = 0; i < request.ops().size(); i++) {
      body.append(i == 0 ? "" : ",").append(item.apply(i));
    }
    return body.append("]}").toString();
  }

  static String created(Op op) {
    return "{\"create\":{\"_index\":\"" + op.index() + "\",\"_id\":\"" + op.id() + "\",\"_version\":1,"
        + "\"result\":\"created\",\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},\"_seq_no\":0,"
        + "\"_primary_term\":1,\"status\":201}}";
  }

  static String failed(Op op, int status, String type, String reason) {
    return "{\"create\":{\"_index\":\"" + op.index() + "\",\"_id\":\"" + op.id() + "\",\"status\":" + status
        + ",\"error\":{\"type\":\"" + type + "\",\"reason\":\"" + reason + "\"}}}";
  }

  static String conflict(Op op) {
    return failed(op, 409, "version_conflict_engine_exception",
        "[" + op.id() + "]: version conflict, document already exists (current version [1])");
  }

  static Response error(int status, String type, String reason) {
    return json(status, "{\"error\":{\"root_cause\":[{\"type\":\"" + type + "\",\"reason\":\"" + reason
        + "\"}],\"type\":\"" + type + "\",\"reason\":\"" + reason + "\"},\"status\":" + status + "}");
  }

  static Response json(int status, String body) {
    return new FakeResponse(status, body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- parsing what the client sent

  private static Received parse(Request request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer buffer : request.body()) {
      ByteBuffer b = buffer.duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      out.writeBytes(bytes);
    }
    return parseBody(out.toByteArray());
  }

  static Received parseBody(byte[] body) {
    List<byte[]> lines = splitLines(body);
    List<Op> ops = new ArrayList<>();
    try {
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        JsonNode action = JSON.readTree(lines.get(i));
        String name = action.fieldNames().next();
        JsonNode meta = action.get(name);
        ops.add(new Op(name, meta.path("_index").asText(), meta.path("_id").asText(), lines.get(i + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the client sent a bulk body that is not NDJSON", e);
    }
    return new Received(ops, body);
  }

  private static List<byte[]> splitLines(byte[] body) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n') {
        lines.add(Arrays.copyOfRange(body, start, i));
        start = i + 1;
      }
    }
    if (start < body.length) {
      lines.add(Arrays.copyOfRange(body, start, body.length));
    }
    return lines;
  }

  private record FakeResponse(int statusCode, byte[] bytes) implements Response {
    @Override
    public Node node() {
      return new Node("http://127.0.0.1:9200");
    }

    @Override
    public String header(String name) {
      if ("X-Elastic-Product".equalsIgnoreCase(name)) {
        return "Elasticsearch";
      }
      return "Content-Type".equalsIgnoreCase(name) ? "application/json" : null;
    }

    @Override
    public List<String> headers(String name) {
      String value = header(name);
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public BinaryData body() {
      return BinaryData.of(bytes, "application/json");
    }

    @Override
    public Object originalResponse() {
      return this;
    }

    @Override
    public void close() {}
  }
}
