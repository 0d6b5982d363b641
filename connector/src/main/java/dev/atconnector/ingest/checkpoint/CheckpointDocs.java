package dev.atconnector.ingest.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The checkpoint document's JSON, for commands that show it as stored. */
public final class CheckpointDocs {
  private CheckpointDocs() {}

  public static ObjectNode json(Checkpoint c) {
    return CheckpointJson.toJson(c);
  }
}
