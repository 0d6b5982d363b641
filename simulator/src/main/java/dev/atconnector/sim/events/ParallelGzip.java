package dev.atconnector.sim.events;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The gzip body with its deflate work spread over a {@link DeflatePool}, pigz style: the calling thread generates the
 * body into blocks of about {@value #BLOCK_BYTES} bytes, keeps the member's CRC32 and size, and submits each block to
 * be compressed independently ({@link DeflateBlock}); the compressed blocks are handed out strictly in order. The
 * member layout is the serial one ({@link SerialGzip}): a member's blocks form one deflate stream, so a single-member
 * body is still one member and a multi-member body one member per day; the uncompressed bytes are identical.
 *
 * <p>Bounded memory: a fixed ring of blocks in flight (pool threads + 2, at most 8), each about 400 KiB of heap plus
 * a deflater, whatever the download's size. When every block in flight is already generated, the caller compresses a
 * queued one itself rather than wait, and only waits (at most one block's compression, a millisecond or two) when all
 * are being compressed by pool threads: call {@link #next} from a worker thread, never from an event loop. Not
 * thread-safe apart from {@link #close}, which releases every block, also while pool threads compress some.
 */
final class ParallelGzip implements GzipBody {
  static final int BLOCK_BYTES = 256 * 1024;
  /** Room for the record that crosses the block size, so the body buffer does not have to grow. */
  private static final int BLOCK_SLACK = 64 * 1024;
  private static final int HEADER = 0;
  private static final int DATA = 1;
  private static final int TRAILER = 2;

  private final BodySource source;
  private final boolean multiMember;
  private final int chunkSize;
  private final int blockBytes;
  private final DeflatePool pool;
  private final Slot[] ring;
  private final CRC32 crc = new CRC32();
  private final Corruption corruption;
  private final boolean garble;
  private final byte[] trailer = new byte[8];
  private long produced;
  private long emitted;
  private boolean sourceDone;
  private boolean memberOpen;
  private long memberBytes;
  private long bodyBytes;
  private long written;
  private volatile boolean closed;
  /** The block being handed out, which part of it ({@link #HEADER}, {@link #DATA}, {@link #TRAILER}) and where. */
  private Slot current;
  private int phase;
  private int phasePos;

  ParallelGzip(BodySource source, DownloadSpec spec, int chunkSize, int level, DeflatePool pool) {
    this(source, spec, chunkSize, level, pool, BLOCK_BYTES);
  }

  /** With another block size: tests use tiny blocks to put many block boundaries into small bodies. */
  ParallelGzip(BodySource source, DownloadSpec spec, int chunkSize, int level, DeflatePool pool, int blockBytes) {
    this.source = source;
    this.multiMember = spec.multiMember();
    this.garble = spec.garble();
    this.chunkSize = chunkSize;
    this.blockBytes = blockBytes;
    this.pool = pool;
    this.corruption = new Corruption(spec.corruptGzip());
    this.ring = new Slot[Math.max(2, Math.min(8, pool.threads() + 2))];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Slot(new DeflateBlock(level));
    }
    source.buf().swap(new byte[blockBytes + BLOCK_SLACK]);
  }

  @Override
  public byte[] next() {
    if (closed) {
      return null;
    }
    byte[] out = new byte[chunkSize];
    int pos = 0;
    while (pos < chunkSize) {
      if (current == null && !advance()) {
        break;
      }
      pos += emit(out, pos);
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
    if (closed) {
      return;
    }
    closed = true;
    for (Slot slot : ring) {
      pool.withdraw(slot.block);
      slot.block.release();
    }
  }

  /** Tops the ring up and makes the oldest block current, once compressed; false at the end of the body. */
  private boolean advance() {
    while (produced - emitted < ring.length && !sourceDone) {
      produce();
    }
    if (produced == emitted) {
      return false;
    }
    Slot head = ring[(int) (emitted % ring.length)];
    awaitHelping(head.block);
    current = head;
    phase = head.startsMember ? HEADER : DATA;
    phasePos = 0;
    return true;
  }

  /** Generates the next block, up to the block size or the member's end, and submits it for compression. */
  private void produce() {
    Buf buf = source.buf();
    boolean memberEnd = false;
    while (buf.size() < blockBytes) {
      BodySource.Piece piece = source.next();
      if (piece == BodySource.Piece.END) {
        memberEnd = true;
        sourceDone = true;
        break;
      }
      if (piece == BodySource.Piece.DAY_END && multiMember) {
        memberEnd = true;
        sourceDone = source.exhausted();
        break;
      }
    }
    Slot slot = ring[(int) (produced % ring.length)];
    Slot previous = memberOpen ? ring[(int) ((produced - 1) % ring.length)] : null;
    slot.startsMember = !memberOpen;
    if (!memberOpen) {
      crc.reset();
      memberBytes = 0;
      memberOpen = true;
    }
    int length = buf.size();
    crc.update(buf.array(), 0, length);
    if (garble) {
      Garble.apply(buf.array(), length);
    }
    memberBytes += length;
    bodyBytes += length;
    DeflateBlock block = slot.block;
    block.input = buf.swap(block.input != null ? block.input : new byte[blockBytes + BLOCK_SLACK]);
    boolean submit = block.prepare(length, previous == null ? null : previous.block, memberEnd);
    slot.endsBody = sourceDone;
    if (memberEnd) {
      memberOpen = false;
      slot.crc = (int) crc.getValue();
      slot.size = (int) memberBytes;
    }
    produced++;
    if (submit) {
      pool.submit(block);
    }
  }

  /**
   * Waits for the block to be compressed, compressing queued blocks of this download on this thread meanwhile (the
   * oldest first), so the caller does deflate work instead of idling when the pool is behind or busy elsewhere.
   */
  private void awaitHelping(DeflateBlock head) {
    try {
      while (!head.isDone()) {
        DeflateBlock queued = claimQueued();
        if (queued == null) {
          head.awaitDone();
        } else {
          queued.compress();
        }
      }
      head.awaitDone();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a block of the gzip body to be compressed", e);
    }
  }

  private DeflateBlock claimQueued() {
    for (long i = emitted; i < produced; i++) {
      DeflateBlock block = ring[(int) (i % ring.length)].block;
      if (block.claim()) {
        return block;
      }
    }
    return null;
  }

  /** Copies the current block's next part into {@code out[pos..]}; returns how many bytes. */
  private int emit(byte[] out, int pos) {
    byte[] from;
    int length;
    if (phase == HEADER) {
      from = GzipBody.HEADER;
      length = from.length;
    } else if (phase == DATA) {
      from = current.block.out();
      length = current.block.outLength();
    } else {
      from = trailer;
      length = trailer.length;
    }
    int n = Math.min(length - phasePos, chunkSize - pos);
    System.arraycopy(from, phasePos, out, pos, n);
    if (phase == DATA) {
      corruption.apply(out, pos, n, written);
    }
    written += n;
    phasePos += n;
    if (phasePos == length) {
      nextPhase();
    }
    return n;
  }

  private void nextPhase() {
    phasePos = 0;
    if (phase == HEADER) {
      phase = DATA;
    } else if (phase == DATA && current.block.memberEnd()) {
      // decided only now, after the member's last data byte went through the corruption
      int value = current.endsBody && corruption.crcInstead() ? ~current.crc : current.crc;
      GzipBody.intLe(trailer, 0, value);
      GzipBody.intLe(trailer, 4, current.size);
      phase = TRAILER;
    } else {
      current = null;
      emitted++;
    }
  }

  /** A block of the ring and the owner's bookkeeping for it (never touched by pool threads). */
  private static final class Slot {
    final DeflateBlock block;
    boolean startsMember;
    boolean endsBody;
    int crc;
    int size;

    Slot(DeflateBlock block) {
      this.block = block;
    }
  }
}
