package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Doc;
import java.util.function.Predicate;

/**
 * The {@code bufferUntil(.., cutBefore = true)} predicate that closes a batch by count, by estimated bytes and on a
 * flush tick. One instance per subscription: it keeps the running totals of the batch being filled.
 *
 * <p>Elements are {@link Doc}, {@link DeadLetter} or {@link #FLUSH}. A tick closes the batch being filled if it
 * holds anything and then sits, harmless, at the head of the next one (the sink drops it when it renders the batch).
 */
final class BatchCutter implements Predicate<Object> {
  /** The flush tick marker merged into the element stream. */
  static final Object FLUSH = new Object() {
    @Override
    public String toString() {
      return "FLUSH";
    }
  };

  private final int maxDocs;
  private final long maxBytes;
  private int held;
  private int docs;
  private long bytes;

  BatchCutter(int maxDocs, long maxBytes) {
    this.maxDocs = maxDocs;
    this.maxBytes = maxBytes;
  }

  /** True when {@code element} must start a new batch, closing the one being filled. */
  @Override
  public boolean test(Object element) {
    if (element == FLUSH) {
      boolean cut = held > 0;
      if (cut) {
        reset();
      }
      held++;
      return cut;
    }
    long size = sizeOf(element);
    // A single record over maxBytes still goes, alone: better one oversized request than a stuck sink.
    boolean cut = docs > 0 && (docs + 1 > maxDocs || bytes + size > maxBytes);
    if (cut) {
      reset();
    }
    held++;
    docs++;
    bytes += size;
    return cut;
  }

  private void reset() {
    held = 0;
    docs = 0;
    bytes = 0;
  }

  static long sizeOf(Object element) {
    if (element instanceof Doc doc) {
      return doc.estimatedBulkBytes();
    }
    if (element instanceof DeadLetter letter) {
      return DeadLetterDocs.estimatedBytes(letter);
    }
    throw new IllegalArgumentException("not a sink element: " + element.getClass().getName());
  }
}
