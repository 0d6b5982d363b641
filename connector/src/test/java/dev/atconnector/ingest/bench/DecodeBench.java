package dev.atconnector.ingest.bench;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * End-to-end decoder throughput (gunzip + frame + parse + normalise + serialise), single-threaded, over an
 * in-memory gzip of N realistic ~800-byte stored CADF records fed in 16 KB chunks like a network body.
 * Run: {@code java -cp <test classpath> dev.atconnector.ingest.bench.DecodeBench [records] [rounds]}.
 */
public final class DecodeBench {
  private static final String[] ACTIONS = {"iam-identity.serviceid-apikey.login", "is.load-balancer.listener.create",
      "containers-kubernetes.worker.create", "pcloud.tenant.read", "cloud-object-storage.bucket.get"};
  private static final String[] OUTCOMES = {"success", "failure", "pending"};

  private DecodeBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    byte[] text = records(n, new Random(42));
    byte[] body = gzip(text);
    System.out.printf(Locale.ROOT, "%d records, %.1f MB JSON (%.0f bytes/record), %.1f MB gzip%n", n,
        text.length / 1e6, (double) text.length / n, body.length / 1e6);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= rounds; round++) {
      long allocBefore = threads.getCurrentThreadAllocatedBytes();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long[] counts = decode(body, 16 * 1024);
      double seconds = (System.nanoTime() - start) / 1e9;
      long alloc = threads.getCurrentThreadAllocatedBytes() - allocBefore;
      double cpu = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
      System.out.printf(Locale.ROOT,
          "round %d%s: %,.0f records/s (%,.0f per CPU-second, %.2f CPU s per million), %.1f MB/s JSON, %.1f MB/s gzip, %d docs %d dead, %.1f KB allocated/record,"
              + " max decoder batch %d%n",
          round, round <= 2 ? " (warm-up)" : "", n / seconds, n / cpu, cpu * 1e6 / n, text.length / 1e6 / seconds, body.length / 1e6 / seconds,
          counts[0], counts[1], alloc / 1024.0 / n, counts[2]);
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "heap: max %d MB, committed %d MB (the bench itself holds the %.1f MB gzip + %.1f MB"
        + " JSON)%n", rt.maxMemory() >> 20, rt.totalMemory() >> 20, body.length / 1e6, text.length / 1e6);
  }

  /** @return {docs, dead letters, largest result list of one feed} */
  private static long[] decode(byte[] body, int chunk) {
    DownloadDecoder decoder = new DownloadDecoder("bench", DecodeLimits.DEFAULTS, new Normalizer("activity-tracker-"));
    long[] counts = new long[3];
    for (int i = 0; i < body.length; i += chunk) {
      count(decoder.feed(ByteBuffer.wrap(body, i, Math.min(chunk, body.length - i))), counts);
    }
    count(decoder.finish(), counts);
    return counts;
  }

  private static void count(List<Decoded> batch, long[] counts) {
    for (Decoded d : batch) {
      counts[d instanceof Doc ? 0 : 1]++;
    }
    counts[2] = Math.max(counts[2], batch.size());
  }

  private static byte[] gzip(byte[] text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 5);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
      gz.write(text);
    }
    return out.toByteArray();
  }

  /** Stored-shape CADF records (reference B.3 sample 4 plus initiator/target/observer), ~800 bytes each. */
  static byte[] records(int n, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n * 900);
    StringBuilder sb = new StringBuilder(1024);
    long t0 = 1_531_753_200_000L;
    for (int i = 0; i < n; i++) {
      sb.setLength(0);
      long t = t0 + i * 1000L + random.nextInt(1000);
      String time = java.time.Instant.ofEpochMilli(t).toString().replace("Z", "+0000");
      sb.append("{\"ALCH_ACCOUNT_ID\":\"a:560ea90982962784957b").append(random.nextInt(10)).append("\",")
          .append("\"@version\":\"1\",")
          .append("\"@timestamp\":\"").append(java.time.Instant.ofEpochMilli(t + 1234)).append("\",")
          .append("\"event_uuid\":\"").append(new java.util.UUID(random.nextLong(), random.nextLong())).append("\",")
          .append("\"type\":\"ActivityTracker\",")
          .append("\"typeURI\":\"http://schemas.dmtf.org/cloud/audit/1.0/event\",\"eventType\":\"activity\",")
          .append("\"eventTime\":\"").append(time).append("\",")
          .append("\"action\":\"").append(ACTIONS[random.nextInt(ACTIONS.length)]).append("\",")
          .append("\"outcome\":\"").append(OUTCOMES[random.nextInt(OUTCOMES.length)]).append("\",")
          .append("\"reason\":{\"reasonCode\":").append(200 + random.nextInt(5)).append(",")
          .append("\"reasonType\":\"OK\"},\"severity\":\"normal\",")
          .append("\"initiator\":{\"id\":\"IBMid-").append(100000 + random.nextInt(900000))
          .append("\",\"name\":\"user").append(random.nextInt(500)).append("@example.com\",")
          .append("\"typeURI\":\"service/security/account/user\",\"credential\":{\"type\":\"token\"},")
          .append("\"host\":{\"address\":\"10.").append(random.nextInt(255)).append('.').append(random.nextInt(255))
          .append(".7\",\"agent\":\"python-requests/2.19.1\"}},")
          .append("\"target\":{\"id\":\"crn:v1:bluemix:public:is:us-south:a/560ea909::load-balancer:")
          .append(Integer.toHexString(random.nextInt())).append("\",\"name\":\"lb-").append(random.nextInt(99))
          .append("\",\"typeURI\":\"is/load-balancer\"},")
          .append("\"observer\":{\"name\":\"ActivityTracker\"},")
          .append("\"requestData\":\"{\\\"headers\\\":{\\\"RayID\\\":\\\"").append(Long.toHexString(random.nextLong()))
          .append("\\\"}}\",\"message\":\"is.load-balancer: create listener success\"}\n");
      out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
