package dev.atconnector.ingest.model;

import java.util.Objects;

/**
 * A normalised event ready for a bulk {@code create}.
 *
 * @param id the document _id (reference A.4)
 * @param index the concrete index, chosen from the event's own time (e.g. {@code activity-tracker-2018.07})
 * @param source the indexed document, UTF-8 JSON on one line (no raw line break: it goes into a bulk body as is)
 * @param position where the record came from
 * @param checksum a 64-bit checksum of the record as downloaded (CRC32C and length), for checking a resumed
 *     download repeats what was already read; see {@link Decoded#checksum()}
 */
public record Doc(String id, String index, byte[] source, Position position, long checksum) implements Decoded {
  public Doc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(position, "position");
  }

  /** Bytes this document adds to a bulk request body (action line plus source), for batching by size. */
  public long estimatedBulkBytes() {
    return source.length + id.length() + index.length() + 48L;
  }
}
