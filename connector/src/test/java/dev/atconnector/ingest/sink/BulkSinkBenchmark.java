package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Pushes N synthetic ~1 KiB events through the sink as fast as a generator can make them, against a fake
 * Elasticsearch that answers every bulk request after a fixed latency. If the sink did not hold the generator back,
 * the ~1 GiB of one million events could not fit: run it with a small heap to see the bound.
 *
 * <pre>
 * ./mvnw -B -o -q -pl connector -am test-compile -Dsurefire.failIfNoSpecifiedTests=false
 * java -Xmx96m -cp "connector/target/test-classes:connector/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.atconnector.ingest.sink.BulkSinkBenchmark 1000000 5
 * </pre>
 */
public final class BulkSinkBenchmark {
  private BulkSinkBenchmark() {}

  public static void main(String[] args) {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    long latencyMillis = args.length > 1 ? Long.parseLong(args[1]) : 5;
    LatencyHttp http = new LatencyHttp(latencyMillis);
    ElasticsearchAsyncClient client = new ElasticsearchAsyncClient(
        new ElasticsearchTransportBase(http, null, new JacksonJsonpMapper(), NoopInstrumentation.INSTANCE) {});
    BulkSink sink = new BulkSink(client, SinkOptions.defaults("bench-dead-letter"), new SimpleMeterRegistry());
    String padding = "x".repeat(900);
    Flux<Decoded> input = Flux.range(0, (int) events).map(n -> event(n, padding));

    long start = System.nanoTime();
    long indexed = sink.write(input)
        .reduce(0L, (sum, r) -> sum + r.indexed())
        .block(Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - start) / 1e9;
    long sourceBytes = events * event(0, padding).source().length;
    System.out.printf(Locale.ROOT, "events=%d indexed=%d requests=%d time=%.1fs rate=%.0f events/s %.1f MiB/s%n",
        events, indexed, http.requests.get(), seconds, indexed / seconds, sourceBytes / seconds / (1 << 20));
    System.out.printf(Locale.ROOT, "max heap=%d MiB, source data pushed=%d MiB, heap pool peaks: %s%n",
        Runtime.getRuntime().maxMemory() >> 20, sourceBytes >> 20, heapPeaks());
    System.exit(indexed == events ? 0 : 1);
  }

  static Doc event(int n, String padding) {
    String source = "{\"@timestamp\":\"2018-07-15T10:00:00Z\",\"n\":" + n + ",\"pad\":\"" + padding + "\"}";
    byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
    return new Doc("evt-" + n, "bench-2018.07", bytes, new Position("bench", n), n);
  }

  /** Peak use of each heap pool (the old generation's peak is what survived collections). */
  static String heapPeaks() {
    StringBuilder peaks = new StringBuilder();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peaks.append(peaks.length() == 0 ? "" : ", ").append(pool.getName()).append('=')
            .append(pool.getPeakUsage().getUsed() >> 20).append(" MiB");
      }
    }
    return peaks.toString();
  }

  /** Answers every bulk request with all items created, after a fixed latency, off the caller's thread. */
  static final class LatencyHttp implements TransportHttpClient {
    final AtomicLong requests = new AtomicLong();
    private final Executor later;

    LatencyHttp(long latencyMillis) {
      this.later = CompletableFuture.delayedExecutor(latencyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(
        String endpointId, Node node, Request request, TransportOptions options) {
      requests.incrementAndGet();
      long lines = 0;
      for (ByteBuffer buffer : request.body()) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
          if (buffer.get(i) == '\n') {
            lines++;
          }
        }
      }
      long items = lines / 2;
      return CompletableFuture.supplyAsync(() -> {
        StringBuilder body = new StringBuilder("{\"took\":1,\"errors\":false,\"items\":[");
        for (long i = 0; i < items; i++) {
          body.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"bench-2018.07\",\"_id\":\"")
              .append(i).append("\",\"status\":201,\"result\":\"created\"}}");
        }
        return BulkFakeHttp.json(200, body.append("]}").toString());
      }, later);
    }

    @Override
    public void close() {}
  }
}
