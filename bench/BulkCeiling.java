import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
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

/**
 * The Elasticsearch ceiling of bench/run.sh: the same documents the connector indexes, as prebuilt _bulk bodies,
 * sent with no parsing work. Run as a source file on the connector's classpath:
 *
 * <pre>
 * java -cp connector/target/at-connector.jar bench/BulkCeiling.java prepare BODY.gz OUT_DIR PREFIX DOCS BYTES
 * java -cp connector/target/at-connector.jar bench/BulkCeiling.java send ES_URL OUT_DIR CONCURRENCY
 * </pre>
 *
 * {@code prepare} decodes a saved download with the connector's own decoder and cuts the documents into bulk
 * bodies as the connector's sink does (at most DOCS documents or about BYTES bytes each, {@code create} operations
 * with the connector's index and _id); {@code send} posts them, CONCURRENCY at a time, and prints one JSON line.
 */
public final class BulkCeiling {
  public static void main(String[] args) throws Exception {
    if (args.length == 6 && args[0].equals("prepare")) {
      prepare(Path.of(args[1]), Path.of(args[2]), args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
    } else if (args.length == 4 && args[0].equals("send")) {
      send(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
    } else {
      throw new IllegalArgumentException("usage: prepare BODY.gz OUT_DIR PREFIX DOCS BYTES | send ES_URL DIR N");
    }
  }

  private static void prepare(Path gz, Path dir, String prefix, int maxDocs, long maxBytes) throws IOException {
    Files.createDirectories(dir);
    Batches batches = new Batches(dir, maxDocs, maxBytes);
    long dead = 0;
    try (InputStream in = Files.newInputStream(gz);
        DownloadDecoder decoder = new DownloadDecoder("bench", DecodeLimits.DEFAULTS, new Normalizer(prefix))) {
      byte[] chunk = new byte[32 * 1024];
      for (int n; (n = in.read(chunk)) > 0; ) {
        dead += batches.addAll(decoder.feed(ByteBuffer.wrap(chunk, 0, n)));
      }
      dead += batches.addAll(decoder.finish());
    }
    batches.flush();
    System.out.printf(Locale.ROOT, "{\"docs\":%d,\"dead_letters\":%d,\"bodies\":%d,\"body_bytes\":%d}%n",
        batches.docs, dead, batches.files, batches.totalBytes);
  }

  /** Cuts documents into bulk bodies like the connector's BatchCutter (count, estimated bytes). */
  private static final class Batches {
    final Path dir;
    final int maxDocs;
    final long maxBytes;
    final ByteArrayOutputStream body = new ByteArrayOutputStream(8 << 20);
    int inBody;
    long estimated;
    long docs;
    int files;
    long totalBytes;

    Batches(Path dir, int maxDocs, long maxBytes) {
      this.dir = dir;
      this.maxDocs = maxDocs;
      this.maxBytes = maxBytes;
    }

    /** @return dead letters seen (not sent: the ceiling is about event documents) */
    long addAll(List<Decoded> decoded) throws IOException {
      long dead = 0;
      for (Decoded d : decoded) {
        if (d instanceof Doc doc) {
          add(doc);
        } else {
          dead++;
        }
      }
      return dead;
    }

    void add(Doc doc) throws IOException {
      long size = doc.estimatedBulkBytes();
      if (inBody > 0 && (inBody + 1 > maxDocs || estimated + size > maxBytes)) {
        flush();
      }
      // ids and index names are plain ASCII here (UUIDs, CADF ids, hex); JSON-escape just in case
      String action = "{\"create\":{\"_index\":\"" + escape(doc.index()) + "\",\"_id\":\"" + escape(doc.id())
          + "\"}}\n";
      body.writeBytes(action.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(doc.source());
      body.write('\n');
      inBody++;
      estimated += size;
      docs++;
    }

    void flush() throws IOException {
      if (inBody == 0) {
        return;
      }
      Files.write(dir.resolve(String.format(Locale.ROOT, "body-%06d.ndjson", files++)), body.toByteArray());
      totalBytes += body.size();
      body.reset();
      inBody = 0;
      estimated = 0;
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static void send(URI es, Path dir, int concurrency) throws Exception {
    List<Path> bodies;
    try (var files = Files.list(dir)) {
      bodies = files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    URI bulk = es.resolve("/_bulk");
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
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
