package dev.atconnector.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A download session as the service describes it (create/show response, reference B.2).
 *
 * @param id session id
 * @param space the space GUID
 * @param start first day, inclusive ({@code date-range.Start})
 * @param end last day, inclusive ({@code date-range.End})
 * @param accountLevel {@code types.AtAccountLevel}
 * @param searchTime {@code search-time}, empty for all hours
 * @param createTime {@code create-time}
 * @param accessTime {@code access-time}
 */
public record AtSession(
    String id,
    String space,
    String start,
    String end,
    boolean accountLevel,
    String searchTime,
    String createTime,
    String accessTime) {
  public AtSession {
    Objects.requireNonNull(id, "id");
  }

  static AtSession fromJson(JsonNode n) {
    JsonNode range = n.path("date-range");
    return new AtSession(
        n.path("id").asText(),
        n.path("space").asText(""),
        range.path("Start").asText(""),
        range.path("End").asText(""),
        n.path("types").path("AtAccountLevel").asBoolean(false),
        n.path("search-time").asText(""),
        n.path("create-time").asText(""),
        n.path("access-time").asText(""));
  }
}
