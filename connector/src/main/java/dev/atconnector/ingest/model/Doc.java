package dev.atconnector.ingest.model;

import java.util.Objects;

/**
 * A normalised event ready for a bulk {@code create}.
 *
 * @param id the document _id (reference A.4)
 * @param index the concrete index, chosen from the event's own time (e.g. {@code activity-tracker-2018.07})
 * @param source the normalised document, UTF-8 JSON
 * @param original the record exactly as downloaded (UTF-8 JSON), kept so a rejection can be dead-lettered verbatim
 * @param position where the record came from
 */
public record Doc(String id, String index, byte[] source, byte[] original, Position position) implements Decoded {
  public Doc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(position, "position");
  }

  /** Bytes this document adds to a bulk request body (action line plus source), for batching by size. */
  public long estimatedBulkBytes() {
    return source.length + id.length() + index.length() + 48L;
  }
}
