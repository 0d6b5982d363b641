package dev.atconnector.sim.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.OptionalInt;

/** Shared inputs and an independent implementation of the identity rule (reference A.4) for the tests. */
final class Fixtures {
  static final String SPACE_ID = "c1234567-6d55-4193-a9de-378620d6fab5";
  static final Scope SPACE = new Scope(SPACE_ID, false);
  static final Scope ACCOUNT = new Scope(SPACE_ID, true);
  static final LocalDate DAY = LocalDate.of(2018, 6, 27);

  private Fixtures() {}

  static DownloadSpec spec(Scope scope, LocalDate start, LocalDate end, Framing framing, RecordShape shape) {
    return new DownloadSpec(scope, start, end, OptionalInt.empty(), framing, shape, false, 0, false);
  }

  static DownloadSpec day(RecordShape shape) {
    return spec(SPACE, DAY, DAY, Framing.NDJSON, shape);
  }

  static DownloadSpec withHour(DownloadSpec s, int hour) {
    return new DownloadSpec(s.scope(), s.start(), s.end(), OptionalInt.of(hour), s.framing(), s.shape(),
        s.multiMember(), s.malformedEvery(), s.corruptGzip());
  }

  static DownloadSpec with(DownloadSpec s, Framing framing, boolean multiMember, int malformedEvery,
      boolean corruptGzip) {
    return new DownloadSpec(s.scope(), s.start(), s.end(), s.hour(), framing, s.shape(), multiMember,
        malformedEvery, corruptGzip);
  }

  /** The connector's identity rule, written independently of the simulator's shortcut through known ids. */
  static String idOf(byte[] record) throws java.io.IOException {
    JsonNode node = Bodies.MAPPER.readTree(record);
    String uuid = usable(node.get("event_uuid"));
    if (uuid != null) {
      return uuid;
    }
    JsonNode cadf = node.get("payload") != null && node.get("payload").isObject() ? node.get("payload") : node;
    String id = usable(cadf.get("id"));
    return id != null ? id : CanonicalJson.sha256Hex(record, 0, record.length);
  }

  private static String usable(JsonNode value) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    return value.asText().getBytes(StandardCharsets.UTF_8).length <= 512 ? value.asText() : null;
  }

  /** The CADF event inside a record of any shape. */
  static JsonNode cadf(JsonNode record) {
    return record.has("payload") ? record.get("payload") : record;
  }
}
