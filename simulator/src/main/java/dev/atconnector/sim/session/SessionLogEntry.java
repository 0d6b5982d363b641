package dev.atconnector.sim.session;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One session in the simulator's session log: every session ever created, open or deleted, so tests can check
 * afterwards which windows were read when (for example that two connector processes never held sessions on the same
 * window at the same time). Instants are the simulator clock's, truncated to milliseconds.
 *
 * @param id the session id
 * @param spaceId the space (X-Auth-Project-Id) it was created in
 * @param user the user whose token created it
 * @param accountLevel AtAccountLevel
 * @param start first UTC day, inclusive
 * @param end last UTC day, inclusive
 * @param hour the SearchTime hour, or null for all hours
 * @param createdAt when it was created
 * @param firstDownloadAt when its first download started, or null if it was never downloaded
 * @param deletedAt when it was deleted, or null while it is open
 */
public record SessionLogEntry(
    String id,
    String spaceId,
    String user,
    boolean accountLevel,
    LocalDate start,
    LocalDate end,
    Integer hour,
    Instant createdAt,
    Instant firstDownloadAt,
    Instant deletedAt) {
  public SessionLogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spaceId, "spaceId");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** True while the session is not deleted. */
  public boolean open() {
    return deletedAt == null;
  }

  /** The JSON form of {@code GET /_sim/sessions/log}: ISO-8601 strings, nulls kept. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("space", spaceId);
    json.put("user", user);
    json.put("accountLevel", accountLevel);
    json.put("start", start.toString());
    json.put("end", end.toString());
    json.put("hour", hour);
    json.put("createdAt", createdAt.toString());
    json.put("firstDownloadAt", firstDownloadAt == null ? null : firstDownloadAt.toString());
    json.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
    return json;
  }
}
