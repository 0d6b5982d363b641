package dev.atconnector.ingest.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The checkpoint document's JSON and the index mapping that goes with it. Field names are snake_case like the
 * rest of the connector's Elasticsearch documents; dates are ISO days, instants ISO-8601 UTC.
 */
final class CheckpointJson {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Explicit mapping: dynamic off, so an unknown field written by a newer version is kept but not indexed. */
  static final String MAPPING = """
      {"settings":{"number_of_shards":1,"auto_expand_replicas":"0-1"},
       "mappings":{"dynamic":false,"properties":{
        "source":{"properties":{"host":{"type":"keyword"},"space_id":{"type":"keyword"},
          "account_level":{"type":"boolean"},"hour":{"type":"integer"},"index_prefix":{"type":"keyword"}}},
        "range":{"properties":{"start":{"type":"date","format":"strict_date"},
          "end":{"type":"date","format":"strict_date"}}},
        "completed_through":{"type":"date","format":"strict_date"},
        "open_session":{"properties":{"id":{"type":"keyword"},"window_start":{"type":"date","format":"strict_date"},
          "window_end":{"type":"date","format":"strict_date"},"created_at":{"type":"date"},
          "deleted":{"type":"boolean"},"verified":{"type":"boolean"}}},
        "lease":{"properties":{"owner":{"type":"keyword"},"expires_at":{"type":"date"},"since":{"type":"date"}}},
        "last_error":{"properties":{"message":{"type":"text"},"at":{"type":"date"}}},
        "updated_at":{"type":"date"},
        "passed_through":{"type":"date","format":"strict_date"},
        "failed_windows":{"properties":{"start":{"type":"date","format":"strict_date"},
          "end":{"type":"date","format":"strict_date"},"reason":{"type":"text"},"attempts":{"type":"long"},
          "first_failed_at":{"type":"date"},"failed_at":{"type":"date"},"sessions":{"type":"keyword"}}},
        "counts":{"properties":{"windows":{"type":"long"},"read":{"type":"long"},"indexed":{"type":"long"},
          "duplicates":{"type":"long"},"dead_lettered":{"type":"long"}}}}}}
      """;

  private CheckpointJson() {}

  static ObjectNode toJson(Checkpoint c) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode src = n.putObject("source");
    src.put("host", c.source().host()).put("space_id", c.source().spaceId())
        .put("account_level", c.source().accountLevel()).put("index_prefix", c.source().indexPrefix());
    c.source().hour().ifPresent(h -> src.put("hour", h));
    n.putObject("range").put("start", c.rangeStart().toString()).put("end", c.rangeEnd().toString());
    c.completedThrough().ifPresent(d -> n.put("completed_through", d.toString()));
    c.openSession().ifPresent(s -> n.putObject("open_session").put("id", s.id())
        .put("window_start", s.windowStart().toString()).put("window_end", s.windowEnd().toString())
        .put("created_at", s.createdAt().toString()).put("deleted", s.deleted())
        .put("verified", s.verified()));
    c.lease().ifPresent(l -> {
      ObjectNode lease = n.putObject("lease").put("owner", l.owner()).put("expires_at", l.expiresAt().toString());
      l.heldSince().ifPresent(since -> lease.put("since", since.toString()));
    });
    c.lastError().ifPresent(e -> n.putObject("last_error").put("message", e.message()).put("at", e.at().toString()));
    n.put("updated_at", c.updatedAt().toString());
    c.passedThrough().ifPresent(d -> n.put("passed_through", d.toString()));
    ArrayNode failed = n.putArray("failed_windows");
    for (Checkpoint.FailedWindow f : c.failedWindows()) {
      ObjectNode w = failed.addObject().put("start", f.start().toString()).put("end", f.end().toString())
          .put("reason", f.reason()).put("attempts", f.attempts()).put("first_failed_at", f.firstFailedAt().toString())
          .put("failed_at", f.failedAt().toString());
      f.sessions().forEach(w.putArray("sessions")::add);
    }
    Checkpoint.Counts k = c.counts();
    n.putObject("counts").put("windows", k.windows()).put("read", k.read()).put("indexed", k.indexed())
        .put("duplicates", k.duplicates()).put("dead_lettered", k.deadLettered());
    return n;
  }

  /**
   * Reads a stored document.
   *
   * @throws IllegalArgumentException naming the document and the field when it is not a checkpoint
   */
  static Checkpoint fromJson(String id, JsonNode n) {
    try {
      JsonNode src = n.path("source");
      SourceId source = new SourceId(text(src, "host"), text(src, "space_id"), src.path("account_level").asBoolean(),
          src.hasNonNull("hour") ? OptionalInt.of(src.get("hour").asInt()) : OptionalInt.empty(),
          text(src, "index_prefix"));
      JsonNode s = n.path("open_session");
      JsonNode l = n.path("lease");
      JsonNode e = n.path("last_error");
      JsonNode k = n.path("counts");
      Optional<LocalDate> completed = opt(n, "completed_through", LocalDate::parse);
      List<Checkpoint.FailedWindow> failed = new ArrayList<>();
      for (JsonNode f : n.path("failed_windows")) {
        List<String> sessions = new ArrayList<>();
        f.path("sessions").forEach(x -> sessions.add(x.asText()));
        failed.add(new Checkpoint.FailedWindow(LocalDate.parse(text(f, "start")), LocalDate.parse(text(f, "end")),
            text(f, "reason"), f.path("attempts").asLong(), Instant.parse(text(f, "first_failed_at")),
            Instant.parse(text(f, "failed_at")), sessions));
      }
      return new Checkpoint(source, LocalDate.parse(text(n.path("range"), "start")),
          LocalDate.parse(text(n.path("range"), "end")),
          completed,
          s.isObject() ? Optional.of(new Checkpoint.OpenSession(text(s, "id"), LocalDate.parse(text(s, "window_start")),
              LocalDate.parse(text(s, "window_end")), Instant.parse(text(s, "created_at")),
              s.path("deleted").asBoolean(false), s.path("verified").asBoolean(false))) : Optional.empty(),
          l.isObject() ? Optional.of(new Checkpoint.Lease(text(l, "owner"), Instant.parse(text(l, "expires_at")),
              l.hasNonNull("since") ? Instant.parse(text(l, "since")) : Instant.EPOCH)) : Optional.empty(),
          e.isObject() ? Optional.of(new Checkpoint.LastError(text(e, "message"), Instant.parse(text(e, "at"))))
              : Optional.empty(),
          Instant.parse(text(n, "updated_at")),
          new Checkpoint.Counts(k.path("windows").asLong(), k.path("read").asLong(), k.path("indexed").asLong(),
              k.path("duplicates").asLong(), k.path("dead_lettered").asLong()),
          // written before failed windows existed: passed through is completed through
          opt(n, "passed_through", LocalDate::parse).or(() -> completed), failed);
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException("checkpoint document '" + id + "' is not readable: " + ex.getMessage()
          + "; delete it to start that source over", ex);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  private static <T> Optional<T> opt(JsonNode n, String field, Function<String, T> parse) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(parse.apply(v.asText()));
  }
}
