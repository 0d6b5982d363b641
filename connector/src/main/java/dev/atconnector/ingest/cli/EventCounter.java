package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import java.nio.ByteBuffer;

/**
 * Counts the events of a download as its bytes pass by, for the progress line: the same incremental decoder as
 * {@code ingest} (any gzip members, any framing), reading a view of each buffer so the bytes written stay untouched.
 * Counting is best effort: a body it cannot decode stops the count, never the download (which keeps the bytes as
 * the service sent them).
 */
final class EventCounter implements AutoCloseable {
  private final DownloadDecoder decoder;
  private long events;
  private boolean broken;

  EventCounter(String sessionId) {
    decoder = new DownloadDecoder(sessionId, DecodeLimits.DEFAULTS, new Normalizer("count-"));
  }

  /** Feeds a view of the chunk (its position is not moved) and returns the events decoded so far. */
  long feed(ByteBuffer chunk) {
    if (!broken) {
      try {
        events += decoder.feed(chunk).size();
      } catch (DecodeException e) {
        broken = true; // the download itself goes on unchanged; only the count stops here
      }
    }
    return events;
  }

  long events() {
    return events;
  }

  /** True once the body could not be decoded any further (the count stopped there). */
  boolean stopped() {
    return broken;
  }

  @Override
  public void close() {
    decoder.close();
  }
}
