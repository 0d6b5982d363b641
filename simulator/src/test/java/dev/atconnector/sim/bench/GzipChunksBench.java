package dev.atconnector.sim.bench;

import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.GzipChunks;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Throughput of event generation + deflate as the download endpoint runs it: pulls 32 KiB gzip chunks from
 * {@link GzipChunks} until the body ends and discards them. Prints events/s against wall time, against the pulling
 * thread's CPU time (generation, CRC and whatever deflate work it does itself) and against the whole process's CPU
 * time (adding the deflate pool threads, JIT and GC), uncompressed and compressed MB/s, the compression ratio and the
 * heap used. Run with e.g. {@code -Xmx128m} to show the memory bound, and with {@code -XX:ActiveProcessorCount=1} to
 * get the serial (single-thread) compressor for comparison.
 *
 * <p>Arguments (all optional): events (default 1000000), deflate level (1), shape (STORED), framing (NDJSON), rounds
 * (3; the first warms the JIT up).
 */
public final class GzipChunksBench {
  private GzipChunksBench() {}

  public static void main(String[] args) {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int level = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    RecordShape shape = args.length > 2 ? RecordShape.valueOf(args[2]) : RecordShape.STORED;
    Framing framing = args.length > 3 ? Framing.valueOf(args[3]) : Framing.NDJSON;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    // a 10-day range; each day's count varies by a factor in [0.8, 1.2), so scale the mean once to land near the
    // asked total, and report the exact count produced
    Scope scope = new Scope("c1234567-6d55-4193-a9de-378620d6fab5", false);
    LocalDate start = LocalDate.of(2019, 5, 1);
    LocalDate end = start.plusDays(9);
    int perDay = (int) Math.max(1, events / 10);
    long total = 0;
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      total += new EventCatalog(7, perDay).countFor(scope, d);
    }
    EventCatalog catalog = new EventCatalog(7, (int) Math.max(1, Math.round((double) perDay * events / total)));
    DownloadSpec spec = new DownloadSpec(scope, start, end, OptionalInt.empty(), framing, shape, false, 0, false);
    for (int round = 1; round <= rounds; round++) {
      run(catalog, spec, level, round);
    }
  }

  private static void run(EventCatalog catalog, DownloadSpec spec, int level, int round) {
    long peakHeap = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long processStart = processCpuNanos();
    long start = System.nanoTime();
    long compressed = 0;
    long records;
    long body;
    int chunks = 0;
    try (GzipChunks gz = new GzipChunks(catalog, spec, 32 * 1024, level)) {
      for (byte[] chunk = gz.next(); chunk != null; chunk = gz.next()) {
        compressed += chunk.length;
        if (++chunks % 256 == 0) {
          peakHeap = Math.max(peakHeap, heapUsed());
        }
      }
      records = gz.recordsWritten();
      body = gz.bodyBytes();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double processSeconds = (processCpuNanos() - processStart) / 1e9;
    System.out.printf(Locale.ROOT, "round %d: wall %.2f s = %,.0f events/s; pulling thread CPU %.2f s; process CPU %.2f s = "
            + "%,.0f events per CPU-second; load average %.2f on %d processors%n",
        round, seconds, records / seconds, cpuSeconds, processSeconds, records / processSeconds,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    seconds = processSeconds;
    System.out.printf(Locale.ROOT,
        "  per process CPU second: %,d events in %.2f s = %,.0f events/s | body %.1f MB (%.0f B/event) at %.1f MB/s | gzip %.1f MB at "
            + "%.1f MB/s | ratio %.2f | level %d | peak heap used %.1f MB (max %.0f MB)%n",
        records, seconds, records / seconds, body / 1e6, (double) body / records, body / 1e6 / seconds,
        compressed / 1e6, compressed / 1e6 / seconds, (double) body / compressed, level, peakHeap / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long heapUsed() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }
}
