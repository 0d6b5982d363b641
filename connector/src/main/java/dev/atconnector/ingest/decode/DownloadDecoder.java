package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One download's decoder: incremental gunzip (one or more members), record framing (NDJSON, one JSON array, or
 * concatenated values) with Jackson's non-blocking parser, and normalisation of each record. Feed it the raw
 * compressed body chunk by chunk, in order; it never holds more than the current incomplete record plus one
 * chunk's output. Not thread-safe: one instance per download.
 *
 * <p>Memory: a chunk is inflated in slices of {@value #SLICE} bytes, each framed before the next is inflated, so a
 * highly compressible chunk never inflates at once; only the decoded records of the chunk are returned together.
 */
public final class DownloadDecoder implements AutoCloseable {
  /** Bytes inflated at a time. */
  public static final int SLICE = 64 * 1024;
  public static final String STAGE = "decode";

  private final String sessionId;
  private final Normalizer normalizer;
  private final Gunzip gunzip = new Gunzip();
  private final RecordFramer framer;
  private List<Decoded> out = new ArrayList<>();
  private boolean done;

  public DownloadDecoder(String sessionId, DecodeLimits limits, Normalizer normalizer) {
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    this.framer = new RecordFramer(Objects.requireNonNull(limits, "limits"), new RecordFramer.Listener() {
      @Override
      public void record(long number, byte[] original, JsonNode tree) {
        out.add(DownloadDecoder.this.normalizer.normalize(position(number), original, tree));
      }

      @Override
      public void malformed(long number, String reason, String originalText) {
        out.add(new DeadLetter(position(number), STAGE, reason, originalText));
      }
    });
  }

  /**
   * Consumes the whole chunk and returns what it completed, in order (possibly nothing). Record numbers are
   * 1-based over the download, bad records included.
   *
   * @throws DecodeException when the compressed stream is corrupt
   */
  public List<Decoded> feed(ByteBuffer compressedChunk) {
    checkOpen();
    try {
      gunzip.setInput(compressedChunk);
      while (true) {
        byte[] buf = framer.spaceFor(SLICE);
        int n = gunzip.read(buf, framer.end(), SLICE);
        if (n == 0) {
          break;
        }
        framer.commit(n);
      }
      return take();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The body ended: returns the last records, if any.
   *
   * @throws DecodeException when the gzip stream or the JSON framing is incomplete (truncated download)
   */
  public List<Decoded> finish() {
    checkOpen();
    done = true;
    gunzip.finish();
    framer.finish(gunzip.compressedOffset());
    return take();
  }

  /** Releases the native inflater; for a download abandoned before {@link #finish()}. Idempotent. */
  @Override
  public void close() {
    done = true;
    gunzip.close();
  }

  /** Compressed bytes consumed so far. */
  public long compressedBytes() {
    return gunzip.compressedOffset();
  }

  /** Records framed so far (good and bad). */
  public long records() {
    return framer.records();
  }

  private Position position(long number) {
    return new Position(sessionId, number);
  }

  private List<Decoded> take() {
    List<Decoded> result = out;
    out = new ArrayList<>();
    return result;
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("decoder of session " + sessionId + " is finished, failed or closed");
    }
  }
}
