package dev.atconnector.ingest.decode;

import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The decoder alone, one thread, no I/O: gunzip, framing, parsing and normalising a simulator day held in memory,
 * repeated so the JIT has settled. Prints records per second and bytes allocated per record for each shape. A
 * benchmark that prints figures, not a test:
 *
 * <pre>./mvnw -q -pl simulator,es-local,connector test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt
 * java -cp connector/target/classes:connector/target/test-classes:$(cat connector/target/cp.txt) \
 *     dev.atconnector.ingest.decode.DecodeBenchmark [eventsPerDay] [rounds] [SHAPE,...]</pre>
 */
public final class DecodeBenchmark {
  private static long docBytes; // the documents' own arrays (length + 16-byte array header), of the last round

  private DecodeBenchmark() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (RecordShape shape : RecordShape.values()) {
      if (args.length > 2 && !java.util.Arrays.asList(args[2].split(",")).contains(shape.name())) {
        continue;
      }
      byte[] body = body(events, shape);
      long best = Long.MAX_VALUE;
      long bestCpu = Long.MAX_VALUE;
      long bestProcessCpu = Long.MAX_VALUE;
      long records = 0;
      long allocated = 0;
      docBytes = 0;
      for (int r = 0; r < rounds; r++) {
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long c0 = threads.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        docBytes = 0;
        records = decode(body);
        long t = System.nanoTime() - t0;
        bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - c0);
        bestProcessCpu = Math.min(bestProcessCpu, os.getProcessCpuTime() - p0);
        allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        best = Math.min(best, t);
      }
      // CPU time of this thread is the figure to compare on a shared machine: wall time includes waiting for a core
      // the process figure adds what the decoding costs the garbage collector (and any JIT still at work)
      System.out.printf(Locale.ROOT, "%-9s %,9d records  %,10.0f records/s wall  %5.2f CPU-us/record, %5.2f with GC "
          + "(best of %d)  %,7d bytes allocated/record, of which the document %,d%n", shape, records,
          records / (best / 1e9), bestCpu / 1e3 / Math.max(1, records), bestProcessCpu / 1e3 / Math.max(1, records),
          rounds, allocated / Math.max(1, records), docBytes / Math.max(1, records));
    }
  }

  /** A gzip NDJSON download of {@code events} simulator events of one shape (also DocBytes's input). */
  static byte[] body(int events, RecordShape shape) {
    try (EventCatalog catalog = new EventCatalog(5, events)) {
      LocalDate day = LocalDate.of(2024, 3, 5);
      DownloadSpec spec = new DownloadSpec(new Scope("bench", false), day, day, OptionalInt.empty(), Framing.NDJSON,
          shape, false, 0, false);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (dev.atconnector.sim.events.GzipChunks chunks =
          new dev.atconnector.sim.events.GzipChunks(catalog, spec, 32 * 1024, 1)) {
        for (byte[] c = chunks.next(); c != null; c = chunks.next()) {
          out.write(c, 0, c.length);
        }
      }
      return out.toByteArray();
    }
  }

  private static long decode(byte[] body) {
    long n = 0;
    try (DownloadDecoder decoder = new DownloadDecoder("bench", DecodeLimits.DEFAULTS, new Normalizer("at-"))) {
      for (int off = 0; off < body.length; off += 32 * 1024) {
        for (Decoded d : decoder.feed(ByteBuffer.wrap(body, off, Math.min(32 * 1024, body.length - off)))) {
          n += d.position().recordNumber() > 0 ? 1 : 0;
          docBytes += d instanceof dev.atconnector.ingest.model.Doc doc ? doc.source().length + 16 : 0;
        }
      }
      n += decoder.finish().size();
    }
    return n;
  }
}
