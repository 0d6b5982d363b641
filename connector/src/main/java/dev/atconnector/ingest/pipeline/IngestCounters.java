package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.sink.BatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's exact delivery counts, for the summary line and the exit code, mirrored into Micrometer meters
 * ({@code ingest.records.read}, {@code ingest.download.bytes}, {@code ingest.download.retries},
 * {@code ingest.sessions.created}, {@code ingest.sessions.deleted}). Thread-safe.
 */
public final class IngestCounters {
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong sessions = new AtomicLong();
  private final Counter readMeter;
  private final Counter bytesMeter;
  private final Counter retriesMeter;
  private final Counter createdMeter;
  private final Counter deletedMeter;

  public IngestCounters(MeterRegistry meters) {
    readMeter = Counter.builder("ingest.records.read").description("records framed from downloads")
        .register(meters);
    bytesMeter = Counter.builder("ingest.download.bytes").baseUnit("bytes")
        .description("compressed bytes downloaded").register(meters);
    retriesMeter = Counter.builder("ingest.download.retries").description("downloads started again after a break")
        .register(meters);
    createdMeter = Counter.builder("ingest.sessions.created").register(meters);
    deletedMeter = Counter.builder("ingest.sessions.deleted").register(meters);
  }

  void recordRead() {
    read.incrementAndGet();
    readMeter.increment();
  }

  void addBytes(long n) {
    bytes.addAndGet(n);
    bytesMeter.increment(n);
  }

  void downloadRetried() {
    retriesMeter.increment();
  }

  void sessionCreated() {
    sessions.incrementAndGet();
    createdMeter.increment();
  }

  void sessionDeleted() {
    deletedMeter.increment();
  }

  void add(BatchResult r) {
    indexed.addAndGet(r.indexed());
    duplicates.addAndGet(r.duplicates());
    deadLettered.addAndGet(r.deadLettered());
  }

  /** A consistent-enough snapshot (exact once the run has ended). */
  public IngestSummary snapshot(double seconds) {
    return new IngestSummary(read.get(), indexed.get(), duplicates.get(), deadLettered.get(), bytes.get(),
        sessions.get(), seconds);
  }
}
