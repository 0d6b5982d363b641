package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.util.Objects;

/**
 * One {@code create} operation of a bulk request: an event document, or a dead letter bound for the dead-letter
 * index. Keeps the input element it stands for so each element is counted exactly once, whatever happened to it.
 *
 * @param index target index
 * @param id document _id
 * @param source the document body, UTF-8 JSON on one line (no raw line break), sent as is
 * @param origin the input element this operation settles
 * @param deadLetterStage null for an event document; else the dead letter's stage (decode, normalise, index)
 */
record BulkItem(String index, String id, byte[] source, Decoded origin, String deadLetterStage) {
  /** Bulk action line overhead beside index and id, as in {@link Doc#estimatedBulkBytes()}. */
  private static final long ACTION_OVERHEAD = 48;

  BulkItem {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }

  static BulkItem of(Doc doc) {
    return new BulkItem(doc.index(), doc.id(), doc.source(), doc, null);
  }

  boolean isDeadLetter() {
    return deadLetterStage != null;
  }

  long estimatedBytes() {
    return source.length + id.length() + index.length() + ACTION_OVERHEAD;
  }
}
