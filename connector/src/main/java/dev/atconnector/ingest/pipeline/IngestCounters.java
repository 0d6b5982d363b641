package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.ingest.metrics.RetryMeters;
import dev.atconnector.ingest.metrics.RetryReason;
import dev.atconnector.ingest.metrics.Side;
import dev.atconnector.ingest.session.SessionLifecycle;
import dev.atconnector.ingest.sink.BatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import dev.atconnector.ingest.source.SessionRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's exact delivery counts, for the summary line and the exit code, mirrored into Micrometer meters
 * ({@code at.records.read}, {@code at.records.parsed}, {@code at.download.bytes}, {@code at.retries{side=source}},
 * {@code at.sessions.created}, {@code at.sessions.deleted}, {@code at.session.age}; see docs/metrics.md).
 * Thread-safe.
 */
public final class IngestCounters implements SessionLifecycle.Counts {
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong sessions = new AtomicLong();
  private final AtomicLong retracted = new AtomicLong();
  private final AtomicLong downloadRetries = new AtomicLong();
  private final java.util.List<SessionRequest> failedWindows = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final SessionClock open = new SessionClock();
  private final Counter readMeter;
  private final Counter parsedMeter;
  private final Counter bytesMeter;
  private final Counter createdMeter;
  private final Counter deletedMeter;
  private final Counter retractedMeter;
  private final RetryMeters retries;

  public IngestCounters(MeterRegistry meters) {
    readMeter = Counter.builder(MeterNames.RECORDS_READ).description("records framed from downloads")
        .register(meters);
    parsedMeter = Counter.builder(MeterNames.RECORDS_PARSED)
        .description("records decoded into documents (the rest are dead letters)").register(meters);
    bytesMeter = Counter.builder(MeterNames.DOWNLOAD_BYTES).baseUnit("bytes")
        .description("compressed bytes downloaded").register(meters);
    createdMeter = Counter.builder(MeterNames.SESSIONS_CREATED).description("download sessions created")
        .register(meters);
    deletedMeter = Counter.builder(MeterNames.SESSIONS_DELETED).description("download sessions deleted")
        .register(meters);
    retractedMeter = Counter.builder(MeterNames.RECORDS_RETRACTED)
        .description("documents and dead letters deleted again because their download failed its gzip check")
        .register(meters);
    TimeGauge.builder(MeterNames.SESSION_AGE, open, TimeUnit.SECONDS, SessionClock::ageSeconds)
        .description("age of the oldest open download session, 0 when none is open").register(meters);
    retries = new RetryMeters(meters);
  }

  /** A record was read: a document when {@code parsed}, else a dead letter from the decoder. */
  void recordRead(boolean parsed) {
    read.incrementAndGet();
    readMeter.increment();
    if (parsed) {
      parsedMeter.increment();
    }
  }

  void addBytes(long n) {
    bytes.addAndGet(n);
    bytesMeter.increment(n);
  }

  /** A download is started again after {@code failure}. */
  void downloadRetried(Throwable failure) {
    downloadRetries.incrementAndGet();
    retries.retried(Side.SOURCE, failure instanceof DamagedDownloadException d && d.resumeMismatch()
        ? RetryReason.RESUME_MISMATCH : RetryMeters.sourceReason(failure));
  }

  /** {@code n} stored documents and dead letters of a damaged download were deleted again. */
  void retracted(long n) {
    retracted.addAndGet(n);
    retractedMeter.increment(n);
  }

  @Override
  public void sessionCreated() {
    sessions.incrementAndGet();
    createdMeter.increment();
    open.opened();
  }

  @Override
  public void sessionDeleted() {
    deletedMeter.increment();
  }

  /** The session was deleted or given up on: it no longer counts as open for {@code at.session.age}. */
  @Override
  public void sessionClosed() {
    open.closed();
  }

  /** Downloads started again so far (after a break or a damage), over every window. */
  long downloadRetries() {
    return downloadRetries.get();
  }

  /** The window's content failed on every attempt and it was recorded as failed ({@code --errors-tolerance}). */
  void windowFailed(SessionRequest w) {
    failedWindows.add(w);
  }

  /** The windows this run recorded as failed, in the order they failed. */
  public java.util.List<SessionRequest> failedWindows() {
    return java.util.List.copyOf(failedWindows);
  }

  void add(BatchResult r) {
    indexed.addAndGet(r.indexed());
    duplicates.addAndGet(r.duplicates());
    deadLettered.addAndGet(r.deadLettered());
  }

  /** A consistent-enough snapshot (exact once the run has ended). */
  public IngestSummary snapshot(double seconds) {
    return new IngestSummary(read.get(), indexed.get(), duplicates.get(), deadLettered.get(), bytes.get(),
        sessions.get(), seconds, retracted.get());
  }

  /**
   * When the oldest open session was created. Sessions of one run open and close one after the other, so the
   * oldest is the first of the ones still open: a FIFO of creation times.
   */
  private static final class SessionClock {
    private final java.util.ArrayDeque<Long> opened = new java.util.ArrayDeque<>();

    synchronized void opened() {
      opened.addLast(System.nanoTime());
    }

    synchronized void closed() {
      opened.pollFirst();
    }

    synchronized double ageSeconds() {
      Long first = opened.peekFirst();
      return first == null ? 0 : (System.nanoTime() - first) / 1e9;
    }
  }
}
