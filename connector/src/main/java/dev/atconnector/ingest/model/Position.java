package dev.atconnector.ingest.model;

import java.util.Objects;

/**
 * Where a record came from: its download session and its 1-based number in download order (malformed records
 * count too), so any document or dead letter can be traced back to the exact record.
 */
public record Position(String sessionId, long recordNumber) {
  public Position {
    Objects.requireNonNull(sessionId, "sessionId");
  }

  @Override
  public String toString() {
    return "session " + sessionId + " record " + recordNumber;
  }
}
