package dev.atconnector.ingest.decode;

/**
 * The download itself cannot be decoded any further (corrupt or truncated gzip): a source failure, as opposed to
 * one bad record, which becomes a dead letter.
 *
 * <p>{@link #damaged()} tells the two apart. A truncated body only ended early: every byte that arrived was right,
 * so a download that resumes after the records already passed on loses nothing. A damaged body (a CRC or size
 * mismatch, deflate data the inflater refuses, a bad member header) had wrong bytes somewhere: the records decoded
 * from the member that failed its check may be garbled, so they must not stand (see {@code DownloadStage}).
 */
public class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long compressedOffset;
  private final boolean damaged;

  /** A damaged body: wrong bytes, not merely too few. */
  public DecodeException(String message, long compressedOffset, Throwable cause) {
    this(message, compressedOffset, cause, true);
  }

  private DecodeException(String message, long compressedOffset, Throwable cause, boolean damaged) {
    super(message, cause);
    this.compressedOffset = compressedOffset;
    this.damaged = damaged;
  }

  /** The body ended early (or held nothing); what arrived was intact. */
  public static DecodeException truncated(String message, long compressedOffset, Throwable cause) {
    return new DecodeException(message, compressedOffset, cause, false);
  }

  /** True when the body held wrong bytes (records decoded since the last verified gzip member are suspect). */
  public boolean damaged() {
    return damaged;
  }

  /** Offset in the compressed download where decoding failed. */
  public long compressedOffset() {
    return compressedOffset;
  }
}
