package dev.atconnector.ingest.decode;

/**
 * The download itself cannot be decoded any further (corrupt or truncated gzip): a source failure, as opposed to
 * one bad record, which becomes a dead letter.
 */
public class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long compressedOffset;

  public DecodeException(String message, long compressedOffset, Throwable cause) {
    super(message, cause);
    this.compressedOffset = compressedOffset;
  }

  /** Offset in the compressed download where decoding failed. */
  public long compressedOffset() {
    return compressedOffset;
  }
}
