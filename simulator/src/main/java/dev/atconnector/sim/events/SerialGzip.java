package dev.atconnector.sim.events;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip body compressed in series on the calling thread by one raw {@link Deflater}: the reference implementation
 * (what {@link ParallelGzip} must decompress to, byte for byte) and the fallback on a single processor. Layout, member
 * boundaries and faults as described on {@link GzipChunks}. Constant memory: one record buffer of about 64 KiB, the
 * deflater's window and the chunk being filled. Not thread-safe; never blocks.
 */
final class SerialGzip implements GzipBody {
  private static final byte[] HEADER = GzipBody.HEADER;
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
  private final Corruption corruption;

  SerialGzip(BodySource source, DownloadSpec spec, int chunkSize, int level) {
    this.source = source;
    this.spec = spec;
    this.chunkSize = chunkSize;
    this.deflater = new Deflater(level, true);
    this.corruption = new Corruption(spec.corruptGzip());
  }

  @Override
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

  @Override
  public long recordsWritten() {
    return source.goodRecords() + source.malformedRecords();
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  @Override
  public long bodyBytes() {
    return bodyBytes;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      deflater.end();
    }
  }

  private int deflate(byte[] out, int pos) {
    int n = deflater.deflate(out, pos, chunkSize - pos, Deflater.NO_FLUSH);
    corruption.apply(out, pos, n, written);
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
      if (spec.garble()) {
        Garble.apply(buf.array(), buf.size());
      }
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
    if (last && corruption.crcInstead()) {
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

  private static void intLe(byte[] b, int at, int v) {
    GzipBody.intLe(b, at, v);
  }
}
