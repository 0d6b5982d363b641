package dev.atconnector.ingest.decode;

import dev.atconnector.ingest.model.Decoded;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One download's decoder: incremental gunzip (one or more members), record framing (NDJSON, one JSON array, or
 * concatenated values) with Jackson's non-blocking parser, and normalisation of each record. Feed it the raw
 * compressed body chunk by chunk, in order; it never holds more than the current incomplete record plus one
 * chunk's output. Not thread-safe: one instance per download.
 */
public final class DownloadDecoder {

  public DownloadDecoder(String sessionId, DecodeLimits limits, Normalizer normalizer) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Consumes the whole chunk and returns what it completed, in order (possibly nothing). Record numbers are
   * 1-based over the download, bad records included.
   *
   * @throws DecodeException when the compressed stream is corrupt
   */
  public List<Decoded> feed(ByteBuffer compressedChunk) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * The body ended: returns the last records, if any.
   *
   * @throws DecodeException when the gzip stream or the JSON framing is incomplete (truncated download)
   */
  public List<Decoded> finish() {
    throw new UnsupportedOperationException("todo");
  }

  /** Compressed bytes consumed so far. */
  public long compressedBytes() {
    throw new UnsupportedOperationException("todo");
  }

  /** Records framed so far (good and bad). */
  public long records() {
    throw new UnsupportedOperationException("todo");
  }
}
