package dev.atconnector.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One day of {@code GET /v3/events} (the {@code ibmcloud at status} row, reference B.2 and A.9).
 *
 * @param date the UTC day, {@code YYYY-MM-DD}
 * @param count events stored for that day (in the asked scope and hour)
 * @param size their size in bytes
 * @param types the event type, {@code ActivityTracker}
 * @param searchable {@code All} or {@code None}: whether the day is still in Event Search (Kibana)
 */
public record DayStatus(String date, long count, long size, String types, String searchable) {
  static DayStatus fromJson(JsonNode n) {
    return new DayStatus(n.path("date").asText(""), n.path("count").asLong(0), n.path("size").asLong(0),
        n.path("types").asText(""), n.path("searchable").asText(""));
  }
}
