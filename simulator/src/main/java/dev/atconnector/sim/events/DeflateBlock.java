package dev.atconnector.sim.events;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One block of a download body and its raw deflate data, compressed independently of the others (pigz style) so blocks
 * can be compressed in parallel and concatenated in order into one valid deflate stream: every block but a member's
 * last ends with a sync flush (which byte-aligns the data and sets no final bit), the member's last block with finish.
 * A block that continues a member gets the previous block's last 16 KiB as its dictionary, so back-references reach
 * across the block boundary as in a serial stream: the ratio stays that of the serial stream (measured on STORED
 * bodies at level 1 with 256 KiB blocks: 6.83 either way; 32 KiB of dictionary gains 0.2% and costs three times the
 * dictionary setup, which zlib pays per block by hashing all of it).
 *
 * <p>Owned by one {@link ParallelGzip}, which reuses it for block after block; compressed either by a pool thread
 * ({@link #run}) or by the owner itself ({@link #claim} then {@link #compress}), whichever takes it first. The state
 * changes under the block's lock, which also publishes the data between the threads.
 */
final class DeflateBlock implements Runnable {
  static final int DICT_BYTES = 16 * 1024;

  private enum State { IDLE, QUEUED, RUNNING, DONE, RELEASED }

  private final Deflater deflater;
  /** The uncompressed bytes (owner-managed array, swapped with the body's buffer) and how many of them count. */
  byte[] input;
  int inputLength;
  private final byte[] dictionary = new byte[DICT_BYTES];
  private int dictionaryLength;
  private boolean memberEnd;
  private byte[] out = new byte[16 * 1024];
  private int outLength;
  private State state = State.IDLE;
  private boolean releaseWhenDone;
  private boolean inPoolQueue;
  private Throwable failure;

  DeflateBlock(int level) {
    this.deflater = new Deflater(level, true);
  }

  /**
   * Readies the block for compression (owner thread, block idle): {@link #input} holds {@code length} bytes; unless
   * {@code previous} is null (a member's first block) its input's tail becomes the dictionary.
   *
   * @return whether to submit the block to the pool: false while an earlier submission still waits in the pool's
   *     queue (the owner compressed that one itself), which will take this one instead, so a download never has more
   *     queue entries than blocks
   */
  synchronized boolean prepare(int length, DeflateBlock previous, boolean memberEnd) {
    if (state == State.RELEASED) {
      throw new IllegalStateException("the download body was closed while it was being produced");
    }
    inputLength = length;
    dictionaryLength = previous == null ? 0 : Math.min(DICT_BYTES, previous.inputLength);
    if (previous != null) {
      System.arraycopy(previous.input, previous.inputLength - dictionaryLength, dictionary, 0, dictionaryLength);
    }
    this.memberEnd = memberEnd;
    outLength = 0;
    failure = null;
    state = State.QUEUED;
    boolean submit = !inPoolQueue;
    inPoolQueue = true;
    return submit;
  }

  /** Pool entry point: compresses the block unless its owner (or release) got there first. */
  @Override
  public void run() {
    synchronized (this) {
      inPoolQueue = false;
    }
    if (claim()) {
      compress();
    }
  }

  /** Takes a queued block for compression on the calling thread; false if someone else has it or it is finished. */
  synchronized boolean claim() {
    if (state != State.QUEUED) {
      return false;
    }
    state = State.RUNNING;
    return true;
  }

  /** Compresses a claimed block; never throws (a failure is kept for the owner, see {@link #awaitDone}). */
  void compress() {
    Throwable failed = null;
    try {
      deflate();
    } catch (Throwable t) { // kept and rethrown on the owner's thread: a pool thread has nobody to tell
      failed = t;
    }
    synchronized (this) {
      failure = failed;
      state = State.DONE;
      if (releaseWhenDone) {
        state = State.RELEASED;
        deflater.end();
      }
      notifyAll();
    }
  }

  synchronized boolean isDone() {
    return state == State.DONE;
  }

  /** Waits until the block is compressed (or released), then rethrows a compression failure if there was one. */
  synchronized void awaitDone() throws InterruptedException {
    while (state == State.QUEUED || state == State.RUNNING) {
      wait();
    }
    if (state == State.RELEASED) {
      throw new IllegalStateException("the download was closed while a block was being compressed");
    }
    if (failure != null) {
      throw new IllegalStateException("compressing a block of the download body failed: " + failure, failure);
    }
  }

  /** The compressed bytes, valid once done. */
  byte[] out() {
    return out;
  }

  int outLength() {
    return outLength;
  }

  boolean memberEnd() {
    return memberEnd;
  }

  /** Frees the deflater now, or as soon as a thread compressing the block is through with it. */
  synchronized void release() {
    if (state == State.RUNNING) {
      releaseWhenDone = true;
    } else if (state != State.RELEASED) {
      state = State.RELEASED;
      deflater.end();
      notifyAll();
    }
  }

  private void deflate() {
    deflater.reset();
    if (dictionaryLength > 0) {
      deflater.setDictionary(dictionary, 0, dictionaryLength);
    }
    deflater.setInput(input, 0, inputLength);
    if (memberEnd) {
      deflater.finish();
    }
    int flush = memberEnd ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
    while (true) {
      int room = out.length - outLength;
      int n = deflater.deflate(out, outLength, room, flush);
      outLength += n;
      // finished: the member's end is written; a sync flush is complete once it left room in the buffer
      if (memberEnd ? deflater.finished() : n < room) {
        return;
      }
      if (outLength == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
    }
  }
}
