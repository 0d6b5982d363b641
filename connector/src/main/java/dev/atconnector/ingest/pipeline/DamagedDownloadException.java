package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.source.SourceException;

/**
 * A download whose bytes were wrong (a gzip member failed its CRC32/size check, or its deflate data was refused) or
 * whose resumed prefix did not match what was already passed on. Either way the records passed on since the last
 * verified gzip member may be garbled ({@link DownloadStage.Download#suspectFrom()}): the job takes them back out
 * of Elasticsearch and reads the window again from the start, never resuming.
 */
public final class DamagedDownloadException extends SourceException {
  private static final long serialVersionUID = 1L;

  private final boolean resumeMismatch;

  private DamagedDownloadException(String message, Throwable cause, boolean resumeMismatch) {
    super(Kind.UNAVAILABLE, message, cause);
    this.resumeMismatch = resumeMismatch;
  }

  /** The gzip data failed a check: {@code cause} says which and where. */
  static DamagedDownloadException damaged(String message, DecodeException cause) {
    return new DamagedDownloadException(message, cause, false);
  }

  /** A resumed download did not repeat the records already passed on. */
  static DamagedDownloadException resumeMismatch(String message) {
    return new DamagedDownloadException(message, null, true);
  }

  /** True for a resume whose prefix did not match, false for damaged gzip data. */
  public boolean resumeMismatch() {
    return resumeMismatch;
  }
}
