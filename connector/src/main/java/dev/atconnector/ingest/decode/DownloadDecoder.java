package dev.atconnector.ingest.decode;

import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One download's decoder: incremental gunzip (one or more members), record framing (NDJSON, one JSON array, or
 * concatenated values) with Jackson's non-blocking parser, and each record written as its indexed document while it
 * is parsed ({@link Transcoder}). Feed it the raw
 * compressed body chunk by chunk, in order; it never holds more than the current incomplete record plus one
 * chunk's output. Not thread-safe: one instance per download.
 *
 * <p>Integrity: gzip checks a member only at its end (CRC32 and ISIZE in the trailer), so records are passed on
 * before their bytes are verified; {@link #verifiedRecords()} says how many of them are. When the stream then turns
 * out damaged ({@link DecodeException#damaged()}), the records after that count may be garbled and the caller
 * must take them back.
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
  private final Transcoder transcoder;
  private final Gunzip gunzip = new Gunzip();
  private final RecordFramer framer;
  private List<Decoded> out = new ArrayList<>();
  private boolean done;
  private int membersSeen;
  private long verifiedRecords;

  public DownloadDecoder(String sessionId, DecodeLimits limits, Normalizer normalizer) {
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    this.transcoder = normalizer.transcoder(Objects.requireNonNull(limits, "limits"));
    this.framer = new RecordFramer(limits, transcoder, new RecordFramer.Listener() {
      @Override
      public void record(long number, byte[] buf, int from, int to) {
        out.add(transcoder.finish(position(number), buf, from, to));
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
    transcoder.ingested(normalizer.clock().millis()); // one clock read per chunk, not per record
    try {
      gunzip.setInput(compressedChunk);
      while (true) {
        byte[] buf = framer.spaceFor(SLICE);
        long before = framer.records();
        int n = gunzip.read(buf, framer.end(), SLICE);
        // a member verified in this call: every record framed before it came from verified members, while the
        // call's own output (n bytes) already belongs to the next member
        if (gunzip.verifiedMembers() != membersSeen) {
          membersSeen = gunzip.verifiedMembers();
          verifiedRecords = before;
        }
        if (n == 0) {
          break;
        }
        framer.commit(n);
        if (gunzip.plain()) {
          verifiedRecords = framer.records();
        }
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
    transcoder.ingested(normalizer.clock().millis());
    gunzip.finish();
    framer.finish(gunzip.compressedOffset());
    verifiedRecords = framer.records();
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

  /**
   * Records (numbered from 1, good and bad) whose every byte came from a gzip member whose CRC32 and size matched,
   * or from a plain JSON body; after a successful {@link #finish()}, all of them. Records numbered above this may
   * be garbled if the stream later fails as damaged.
   */
  public long verifiedRecords() {
    return verifiedRecords;
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
