package dev.atconnector.ingest.pipeline;

import java.util.Locale;

/**
 * What a run did.
 *
 * @param read records passed on from the downloads: each once when a broken download resumed after a verified
 *     prefix; a damaged download (or one whose resume could not be verified) is read again from the start, and its
 *     records count again: as indexed when the first read's copy was taken back, else as duplicates
 * @param indexed documents created
 * @param duplicates documents already present (409 on create)
 * @param deadLettered records written to the dead-letter index
 * @param bytes compressed bytes downloaded (all attempts)
 * @param sessions download sessions created
 * @param seconds wall time
 * @param retracted documents and dead letters deleted again because the download they came from was damaged
 *     (they were counted in {@code indexed} or {@code deadLettered} and were stored again by the next read)
 */
public record IngestSummary(long read, long indexed, long duplicates, long deadLettered, long bytes, long sessions,
    double seconds, long retracted) {

  public IngestSummary(long read, long indexed, long duplicates, long deadLettered, long bytes, long sessions,
      double seconds) {
    this(read, indexed, duplicates, deadLettered, bytes, sessions, seconds, 0);
  }

  /** True when every record read is accounted for: indexed, already there, or deliberately dead-lettered. */
  public boolean complete() {
    return read == indexed + duplicates + deadLettered;
  }

  public double eventsPerSecond() {
    return seconds <= 0 ? 0 : read / seconds;
  }

  /** The one-line summary the CLI prints last ({@code retracted=} only when a damaged download was taken back). */
  public String line() {
    return String.format(Locale.ROOT,
        "read=%d indexed=%d duplicates=%d dead_lettered=%d bytes=%d sessions=%d seconds=%.1f events_per_s=%.0f",
        read, indexed, duplicates, deadLettered, bytes, sessions, seconds, eventsPerSecond())
        + (retracted > 0 ? " retracted=" + retracted : "");
  }
}
