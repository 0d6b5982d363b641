package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;

/**
 * Turns one parsed record of any shape (reference A.2) into the one indexed shape (A.3-A.5), or a dead letter.
 * Thread-safe.
 */
public final class Normalizer {

  /** @param indexPrefix prefix of the time-based indices, e.g. {@code activity-tracker-} */
  public Normalizer(String indexPrefix) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * @param position where the record came from
   * @param original the record's bytes exactly as downloaded (UTF-8)
   * @param record the record parsed
   */
  public Decoded normalize(Position position, byte[] original, JsonNode record) {
    throw new UnsupportedOperationException("todo");
  }
}
