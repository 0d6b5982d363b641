import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The Elasticsearch ceilings of bench/run.sh: documents as prebuilt _bulk bodies, sent with no parsing work. Needs
 * only Jackson (not the connector's classes, so it keeps working whatever the decoder becomes); run as a source file:
 *
 * <pre>
 * java -cp CLASSPATH bench/BulkCeiling.java raw DOWNLOAD.gz OUT_DIR INDEX DOCS BYTES
 * java -cp CLASSPATH bench/BulkCeiling.java export ES_URL INDEX_PATTERN OUT_DIR DOCS BYTES
 * java -cp CLASSPATH bench/BulkCeiling.java send ES_URL OUT_DIR CONCURRENCY
 * </pre>
 *
 * {@code raw} cuts the gunzipped NDJSON records of a saved download, each line as-is, into bodies of {@code create}
 * operations into INDEX with the record's top-level CADF {@code id} as {@code _id}, else its {@code event_uuid}, as
 * the peers do. {@code export} reads back every {@code _source} the connector wrote (point in time +
 * search_after) into bodies of {@code create} operations with the connector's own index and {@code _id}: the ceiling
 * of our documents, obtained without the connector's internals. Both cut at DOCS documents or BYTES bytes per body, as
 * the connector's sink does, and print one JSON line (docs, source bytes, bodies). {@code send} posts the bodies,
 * CONCURRENCY at a time, and prints one JSON line with the rate.
 */
public final class BulkCeiling {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // numbers come back as they were written
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    if (args.length == 6 && args[0].equals("raw")) {
      raw(Path.of(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
    } else if (args.length == 6 && args[0].equals("export")) {
      export(URI.create(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
    } else if (args.length == 4 && args[0].equals("send")) {
      send(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
    } else {
      throw new IllegalArgumentException("usage: raw DOWNLOAD.gz DIR INDEX DOCS BYTES | export ES_URL INDEX_PATTERN "
          + "DIR DOCS BYTES | send ES_URL DIR CONCURRENCY");
    }
  }

  private static void raw(Path gz, Path dir, String index, int maxDocs, long maxBytes) throws IOException {
    Batches batches = new Batches(dir, maxDocs, maxBytes);
    JsonFactory factory = JSON.getFactory();
    long line = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
      ByteArrayOutputStream record = new ByteArrayOutputStream(1 << 14);
      byte[] chunk = new byte[1 << 16];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        int from = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            record.write(chunk, from, i - from);
            from = i + 1;
            addRaw(batches, factory, index, record.toByteArray(), gz, ++line);
            record.reset();
          }
        }
        record.write(chunk, from, n - from);
      }
      addRaw(batches, factory, index, record.toByteArray(), gz, ++line); // a last line with no line break
    }
    batches.finish();
  }

  private static void addRaw(Batches batches, JsonFactory factory, String index, byte[] source, Path gz, long line)
      throws IOException {
    if (source.length == 0) {
      return;
    }
    if (source[0] != '{') {
      throw new IOException(gz + " line " + line + " is not a JSON object: the raw ceiling needs NDJSON "
          + "(the simulator's default --framing ndjson)");
    }
    batches.add(index, topLevelId(factory, source), source);
  }

  /**
   * The record's top-level string {@code id} (CADF), else its {@code event_uuid} (the stored shape has it on every
   * event, and some events lack the CADF id), else null; the peers pick the same.
   */
  private static String topLevelId(JsonFactory factory, byte[] source) throws IOException {
    String uuid = null;
    try (JsonParser p = factory.createParser(source)) {
      p.nextToken();
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        if (p.nextToken() == JsonToken.VALUE_STRING) {
          if (name.equals("id")) {
            return p.getText();
          } else if (name.equals("event_uuid")) {
            uuid = p.getText();
          }
        }
        p.skipChildren();
      }
      return uuid;
    }
  }

  private static void export(URI es, String pattern, Path dir, int maxDocs, long maxBytes) throws Exception {
    Batches batches = new Batches(dir, maxDocs, maxBytes);
    String pit = JSON.readTree(call(es.resolve("/" + pattern + "/_pit?keep_alive=5m"), "POST", null)).get("id")
        .asText();
    JsonNode after = null;
    try {
      while (true) {
        ObjectNode query = JSON.createObjectNode().put("size", 5000).put("track_total_hits", false);
        query.putObject("pit").put("id", pit).put("keep_alive", "5m");
        query.putArray("sort").addObject().put("_shard_doc", "asc");
        if (after != null) {
          query.set("search_after", after);
        }
        JsonNode hits = JSON.readTree(call(es.resolve("/_search"), "POST", JSON.writeValueAsString(query)))
            .path("hits").path("hits");
        if (hits.isEmpty()) {
          break;
        }
        for (JsonNode hit : hits) {
          batches.add(hit.get("_index").asText(), hit.get("_id").asText(), JSON.writeValueAsBytes(hit.get("_source")));
        }
        after = hits.get(hits.size() - 1).get("sort");
      }
    } finally {
      call(es.resolve("/_pit"), "DELETE", JSON.writeValueAsString(JSON.createObjectNode().put("id", pit)));
    }
    batches.finish();
  }

  private static String call(URI uri, String method, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(method + " " + uri + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(300, response.body().length())));
    }
    return response.body();
  }

  /** Cuts documents into bulk body files like the connector's sink (at most DOCS documents or BYTES bytes each). */
  private static final class Batches {
    final Path dir;
    final int maxDocs;
    final long maxBytes;
    final ByteArrayOutputStream body = new ByteArrayOutputStream(8 << 20);
    int inBody;
    long docs;
    long withoutId;
    long sourceBytes;
    int files;
    long totalBytes;

    Batches(Path dir, int maxDocs, long maxBytes) throws IOException {
      this.dir = Files.createDirectories(dir);
      this.maxDocs = maxDocs;
      this.maxBytes = maxBytes;
    }

    void add(String index, String id, byte[] source) throws IOException {
      ObjectNode target = JSON.createObjectNode().put("_index", index);
      if (id != null) {
        target.put("_id", id);
      } else {
        withoutId++;
      }
      byte[] action = JSON.writeValueAsBytes(JSON.createObjectNode().set("create", target));
      if (inBody > 0 && (inBody + 1 > maxDocs || body.size() + action.length + source.length + 2 > maxBytes)) {
        flush();
      }
      body.writeBytes(action);
      body.write('\n');
      body.writeBytes(source);
      body.write('\n');
      inBody++;
      docs++;
      sourceBytes += source.length;
    }

    void flush() throws IOException {
      if (inBody == 0) {
        return;
      }
      Files.write(dir.resolve(String.format(Locale.ROOT, "body-%06d.ndjson", files++)), body.toByteArray());
      totalBytes += body.size();
      body.reset();
      inBody = 0;
    }

    void finish() throws IOException {
      flush();
      System.out.printf(Locale.ROOT, "{\"docs\":%d,\"docs_without_id\":%d,\"source_bytes\":%d,"
          + "\"source_bytes_per_doc\":%.0f,\"bodies\":%d,\"body_bytes\":%d}%n", docs, withoutId, sourceBytes,
          docs == 0 ? 0.0 : (double) sourceBytes / docs, files, totalBytes);
    }
  }

  private static void send(URI es, Path dir, int concurrency) throws Exception {
    List<Path> bodies;
    try (var files = Files.list(dir)) {
      bodies = files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
    }
    // the answer the connector asks for (its RawBulk.FILTER_PATH): each item's status and error only, so both sides
    // pay Elasticsearch for the same answer
    URI bulk = es.resolve("/_bulk?filter_path=items.*.status,items.*.error");
    AtomicInteger next = new AtomicInteger();
    AtomicLong created = new AtomicLong();
    AtomicLong failedItems = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
          HttpRequest request = HttpRequest.newBuilder(bulk).timeout(Duration.ofMinutes(2))
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofFile(bodies.get(i))).build();
          HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            throw new IOException("bulk " + bodies.get(i) + " answered " + response.statusCode() + ": "
                + response.body().substring(0, Math.min(300, response.body().length())));
          }
          long ok = count(response.body(), "\"status\":201");
          created.addAndGet(ok);
          failedItems.addAndGet(count(response.body(), "\"status\":") - ok);
        }
        return null;
      }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf(Locale.ROOT,
        "{\"docs\":%d,\"failed_items\":%d,\"requests\":%d,\"concurrency\":%d,\"seconds\":%.3f,\"events_per_s\":%.0f}%n",
        created.get(), failedItems.get(), bodies.size(), concurrency, seconds, created.get() / seconds);
  }

  private static long count(String text, String what) {
    long n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }
}
