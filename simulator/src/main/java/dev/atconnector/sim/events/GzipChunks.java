package dev.atconnector.sim.events;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The download body, compressed while it is produced: pulls records from the catalog lazily and hands out gzip bytes
 * in chunks of bounded size, so a download of any size costs constant memory (one record buffer of about 64 KiB,
 * the deflater's window, and the chunk being filled). Not thread-safe: one instance per download, pulled by one
 * subscriber at a time. It never blocks and holds no lock between calls, so it can be pulled from an event loop.
 *
 * <p>Gzip members (RFC 1952) are written by hand around a raw {@link Deflater}: a 10-byte header (no name, mtime 0,
 * OS 255), the deflate data, then CRC32 and ISIZE. Single-member bodies have one member; multi-member bodies one per
 * UTC day of the spec, an empty day giving an empty but valid member.
 *
 * <p>Fault {@code corruptGzip}: the 16 compressed bytes that start at the first deflate-data byte at or after
 * compressed offset 65,536 are inverted (XOR 0xFF), which makes inflation fail with a data error or, at the latest, the
 * member's CRC check fail. A body whose compressed size stays below that offset instead gets the CRC32 of its last
 * member inverted. Headers and trailers are never the ones damaged at 64 KiB, so a reader cannot mistake the damage
 * for trailing garbage.
 */
public final class GzipChunks implements AutoCloseable {
  static final long CORRUPT_OFFSET = 65_536;
  static final int CORRUPT_LENGTH = 16;

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int BATCH_BYTES = 48 * 1024;

  private final BodySource source;
  private final DownloadSpec spec;
  private final int chunkSize;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] pending = new byte[HEADER.length + 8];
  private int pendingPos;
  private int pendingLen;
  private long memberBytes;
  private boolean memberOpen;
  private boolean finishing;
  private boolean done;
  private boolean closed;
  private long written;
  private long bodyBytes;
  private long corruptStart = -1;

  /**
   * @param catalog where the events come from
   * @param spec which events and how they are written
   * @param chunkSize the largest chunk {@link #next()} returns, in bytes (e.g. 32 KiB)
   * @param level the deflate level (1 fastest ... 9 smallest)
   */
  public GzipChunks(EventCatalog catalog, DownloadSpec spec, int chunkSize, int level) {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be strictly positive, was " + chunkSize);
    }
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("level must be 0..9, was " + level);
    }
    this.source = catalog.bodySource(spec);
    this.spec = spec;
    this.chunkSize = chunkSize;
    this.deflater = new Deflater(level, true);
  }

  /** The next chunk of compressed bytes (never empty), or {@code null} at the end of the body. */
  public byte[] next() {
    if (closed || done && pendingPos >= pendingLen) {
      return null;
    }
    byte[] out = new byte[chunkSize];
    int pos = 0;
    while (pos < chunkSize) {
      if (pendingPos < pendingLen) {
        int n = Math.min(pendingLen - pendingPos, chunkSize - pos);
        System.arraycopy(pending, pendingPos, out, pos, n);
        pendingPos += n;
        pos += n;
        written += n;
      } else if (done) {
        break;
      } else if (finishing || !deflater.needsInput()) {
        pos += deflate(out, pos);
      } else {
        feed();
      }
    }
    if (pos == 0) {
      return null;
    }
    return pos == chunkSize ? out : Arrays.copyOf(out, pos);
  }

  /**
   * Records written so far (good and malformed), counted when they are handed to the compressor, which may be up to
   * one 48 KiB batch ahead of the compressed bytes returned; equal to the body's total once {@link #next()} has
   * returned null.
   */
  public long recordsWritten() {
    return source.goodRecords() + source.malformedRecords();
  }

  /** Compressed bytes handed out or staged so far. */
  public long bytesWritten() {
    return written;
  }

  /** Uncompressed body bytes produced so far. */
  public long bodyBytes() {
    return bodyBytes;
  }

  /** Frees the deflater; safe to call more than once and before the end. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      deflater.end();
    }
  }

  private int deflate(byte[] out, int pos) {
    int n = deflater.deflate(out, pos, chunkSize - pos, Deflater.NO_FLUSH);
    corrupt(out, pos, n);
    written += n;
    if (finishing && deflater.finished()) {
      closeMember();
    }
    return n;
  }

  /** Moves the next batch of body bytes into the deflater, or starts finishing a member at a boundary. */
  private void feed() {
    Buf buf = source.buf();
    buf.clear();
    BodySource.Piece piece = BodySource.Piece.RECORD;
    while (buf.size() < BATCH_BYTES) {
      piece = source.next();
      if (piece == BodySource.Piece.DAY_END || piece == BodySource.Piece.END) {
        break;
      }
    }
    if (buf.size() > 0) {
      openMember();
      crc.update(buf.array(), 0, buf.size());
      memberBytes += buf.size();
      bodyBytes += buf.size();
      deflater.setInput(buf.array(), 0, buf.size());
    }
    boolean boundary = spec.multiMember() ? piece == BodySource.Piece.DAY_END : piece == BodySource.Piece.END;
    if (boundary) {
      openMember();
      deflater.finish();
      finishing = true;
    } else if (piece == BodySource.Piece.END) {
      done = true;
    }
  }

  private void openMember() {
    if (!memberOpen) {
      memberOpen = true;
      crc.reset();
      memberBytes = 0;
      System.arraycopy(HEADER, 0, pending, 0, HEADER.length);
      pendingPos = 0;
      pendingLen = HEADER.length;
    }
  }

  private void closeMember() {
    boolean last = source.exhausted();
    int value = (int) crc.getValue();
    if (last && spec.corruptGzip() && corruptStart < 0) {
      value = ~value;
    }
    intLe(pending, 0, value);
    intLe(pending, 4, (int) memberBytes);
    pendingPos = 0;
    pendingLen = 8;
    deflater.reset();
    finishing = false;
    memberOpen = false;
    done = last;
  }

  /** Inverts the compressed bytes in [corruptStart, corruptStart + CORRUPT_LENGTH) that this deflate call produced. */
  private void corrupt(byte[] out, int pos, int n) {
    if (!spec.corruptGzip() || n == 0) {
      return;
    }
    long from = written;
    long to = written + n;
    if (corruptStart < 0) {
      if (to <= CORRUPT_OFFSET) {
        return;
      }
      corruptStart = Math.max(from, CORRUPT_OFFSET);
    }
    long end = Math.min(to, corruptStart + CORRUPT_LENGTH);
    for (long off = Math.max(from, corruptStart); off < end; off++) {
      out[pos + (int) (off - from)] ^= (byte) 0xFF;
    }
  }

  private static void intLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
