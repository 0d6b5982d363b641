package dev.atconnector.ingest.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One connector process as the others see it: a heartbeat document in the checkpoint index (id
 * {@code member/OWNER}), renewed like a lease. Processes given the same sources (the same {@code group}) share them
 * out by these documents ({@link Shares}); a process that stops renewing drops out when {@code expiresAt} passes.
 *
 * @param owner the process, {@code host/pid/uuid} as in its leases
 * @param group what the process was given: a digest of its source ids ({@link Shares#group})
 * @param capacity how many sources it may hold at once ({@code --max-concurrent-sessions})
 * @param holds how many it holds now (for people reading the index)
 * @param expiresAt when it counts as gone unless it renews
 * @param startedAt when it joined
 */
public record Member(String owner, String group, int capacity, int holds, Instant expiresAt, Instant startedAt) {
  public Member {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** Renewing, and not a process of this host that has ended (killed with {@code kill -9}). */
  public boolean liveAt(Instant now) {
    return expiresAt.isAfter(now) && !SourceCheckpoint.deadLocalOwner(owner, false);
  }

  /** The document id. */
  static String docId(String owner) {
    return "member/" + owner;
  }

  ObjectNode toJson() {
    ObjectNode n = CheckpointJson.JSON.createObjectNode();
    n.putObject("member").put("owner", owner).put("group", group).put("capacity", capacity).put("holds", holds)
        .put("expires_at", expiresAt.toString()).put("started_at", startedAt.toString());
    return n;
  }

  /** True for a member document, false for a checkpoint. */
  static boolean is(JsonNode source) {
    return source.path("member").isObject();
  }

  static Member fromJson(JsonNode source) {
    JsonNode m = source.path("member");
    return new Member(m.path("owner").asText(), m.path("group").asText(), m.path("capacity").asInt(1),
        m.path("holds").asInt(), Instant.parse(m.path("expires_at").asText()),
        Instant.parse(m.path("started_at").asText()));
  }
}
