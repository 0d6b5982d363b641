package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the generated events contain, checked on one busy day (20,000 events on average). */
class EventContentTest {
  private static final EventCatalog CATALOG = new EventCatalog(7, 20_000);
  private static final Map<RecordShape, List<JsonNode>> RECORDS = new EnumMap<>(RecordShape.class);
  private static final Map<RecordShape, byte[]> BODIES = new EnumMap<>(RecordShape.class);

  private static final Map<Pattern, DateTimeFormatter> FORMATS = new HashMap<>();

  static {
    FORMATS.put(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\+0000"),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSZ", Locale.ROOT));
    FORMATS.put(Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})? \\+0000 UTC"),
        new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).appendPattern(" Z 'UTC'")
            .toFormatter(Locale.ROOT));
    FORMATS.put(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d\\+0000"),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmZ", Locale.ROOT));
    FORMATS.put(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), DateTimeFormatter.ISO_INSTANT);
    FORMATS.put(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000"),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT));
  }

  @BeforeAll
  static void generate() throws Exception {
    for (RecordShape shape : RecordShape.values()) {
      byte[] body = Bodies.body(CATALOG, Fixtures.day(shape));
      BODIES.put(shape, body);
      RECORDS.put(shape, Bodies.parse(body));
    }
  }

  @Test
  void storedRecordsCarryTheStorageFields() {
    for (JsonNode r : RECORDS.get(RecordShape.STORED)) {
      assertThat(r.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(r.get("@version").asText()).isEqualTo("1");
      assertThat(r.get("ALCH_ACCOUNT_ID").asText()).matches("[0-9a-f]{32}");
      assertThat(r.get("type").asText()).isEqualTo("ActivityTracker");
      assertThat(r.get("event_uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(r.get("logmet_cluster").asText()).isNotBlank();
      assertThat(r.get("tags").isArray()).isTrue();
      assertThat(r.get("eventType").asText()).isEqualTo("activity");
      assertThat(Instant.parse(r.get("@timestamp").asText())).isAfterOrEqualTo(eventTime(r).minusMillis(10));
    }
  }

  @Test
  void cadfRecordsAreBareEventsWithTheRequiredFields() {
    for (JsonNode r : RECORDS.get(RecordShape.CADF)) {
      assertThat(r.has("event_uuid") || r.has("payload") || r.has("@timestamp")).isFalse();
      assertRequiredCadf(r);
    }
  }

  @Test
  void envelopesWrapThePayloadWithMetaAndSometimesLogSourceCrn() {
    int withCrn = 0;
    for (JsonNode r : RECORDS.get(RecordShape.ENVELOPE)) {
      JsonNode meta = r.get("meta");
      assertThat(meta.get("serviceProviderName").asText()).isNotBlank();
      assertThat(meta.get("serviceProviderRegion").asText()).isNotBlank();
      assertThat(meta.get("serviceProviderProjectId").asText()).isNotBlank();
      assertThat(meta.get("userAccountIds").get(0).asText()).matches("[0-9a-f]{32}");
      assertThat(meta.get("userSpaceId").asText()).isEqualTo(Fixtures.SPACE_ID);
      assertThat(meta.get("userSpaceRegion").asText()).isNotBlank();
      assertRequiredCadf(r.get("payload"));
      if (r.has("logSourceCRN")) {
        withCrn++;
        assertThat(r.get("logSourceCRN").asText()).isEqualTo(r.get("payload").get("target").get("id").asText());
        assertThat(r.get("saveServiceCopy").asBoolean()).isTrue();
      }
    }
    assertThat(withCrn).isBetween(RECORDS.get(RecordShape.ENVELOPE).size() / 5,
        RECORDS.get(RecordShape.ENVELOPE).size() / 2);
  }

  @Test
  void theSameEventHasTheSameCadfBodyInEveryShape() {
    List<JsonNode> stored = RECORDS.get(RecordShape.STORED);
    List<JsonNode> cadf = RECORDS.get(RecordShape.CADF);
    List<JsonNode> envelope = RECORDS.get(RecordShape.ENVELOPE);
    assertThat(stored).hasSameSizeAs(cadf).hasSameSizeAs(envelope);
    for (int i = 0; i < cadf.size(); i += 97) {
      assertThat(envelope.get(i).get("payload")).isEqualTo(cadf.get(i));
      assertThat(stored.get(i).get("action")).isEqualTo(cadf.get(i).get("action"));
      assertThat(stored.get(i).get("eventTime")).isEqualTo(cadf.get(i).get("eventTime"));
    }
  }

  @Test
  void everyDocumentedEventTimeFormatOccursAndEveryTimeIsInOrderInsideItsHour() {
    Map<Pattern, Integer> seen = new HashMap<>();
    Instant previous = Instant.MIN;
    int previousHour = -1;
    for (JsonNode r : RECORDS.get(RecordShape.CADF)) {
      Instant t = eventTime(r);
      String text = r.get("eventTime").asText();
      FORMATS.keySet().stream().filter(p -> p.matcher(text).matches()).forEach(p -> seen.merge(p, 1, Integer::sum));
      assertThat(t).isBetween(DAY.atStartOfDay().toInstant(ZoneOffset.UTC),
          DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1));
      int hour = t.atOffset(ZoneOffset.UTC).getHour();
      assertThat(hour).isGreaterThanOrEqualTo(previousHour);
      if (hour == previousHour) {
        // formats truncate differently (minutes, centiseconds), so order holds up to a minute
        assertThat(t).isAfterOrEqualTo(previous.minusSeconds(60));
      }
      previous = t;
      previousHour = hour;
    }
    assertThat(seen).hasSize(FORMATS.size());
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
  }

  @Test
  void nonAsciiTextAndFourByteEmojiArePresentAsRawUtf8() {
    String body = new String(BODIES.get(RecordShape.STORED), StandardCharsets.UTF_8);
    assertThat(body).contains("José Álvarez", "田中 太郎", "données-prod", "🚀").doesNotContain("\\ud83d", "\\uD83D");
    long withEmoji = RECORDS.get(RecordShape.CADF).stream().filter(r -> r.get("message").asText().contains("🚀"))
        .count();
    assertThat(withEmoji).isGreaterThan(RECORDS.get(RecordShape.CADF).size() / 30);
  }

  @Test
  void largeEventsOccurAtVolume() {
    long large = 0;
    for (String line : new String(BODIES.get(RecordShape.CADF), StandardCharsets.UTF_8).split("\n")) {
      int bytes = line.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > 20_000) {
        large++;
        assertThat(bytes).isLessThan(70_000);
      }
    }
    assertThat(large).isBetween(5L, 60L);
  }

  @Test
  void someEventsHaveNoCadfIdAndRequestDataIsBothStringAndObject() {
    List<JsonNode> records = RECORDS.get(RecordShape.CADF);
    long withoutId = records.stream().filter(r -> !r.has("id")).count();
    long stringData = records.stream().filter(r -> r.has("requestData") && r.get("requestData").isTextual()).count();
    long objectData = records.stream().filter(r -> r.has("requestData") && r.get("requestData").isObject()).count();
    long responses = records.stream().filter(r -> r.has("responseData")).count();

    assertThat(withoutId).isBetween(records.size() / 20L, records.size() / 10L);
    assertThat(stringData).isGreaterThan(records.size() / 6L);
    assertThat(objectData).isGreaterThan(records.size() / 6L);
    assertThat(responses).isGreaterThan(records.size() / 20L);
    JsonNode decoded = records.stream().filter(r -> r.has("requestData") && r.get("requestData").isTextual())
        .findFirst().map(r -> parse(r.get("requestData").asText())).orElseThrow();
    assertThat(decoded.get("headers").get("RayID").asText()).matches("[0-9a-f]{16}");
  }

  @Test
  void outcomesSeveritiesInitiatorsAndAddressesAreVaried() {
    Set<String> outcomes = new HashSet<>();
    Set<String> severities = new HashSet<>();
    Set<String> initiatorTypes = new HashSet<>();
    Set<String> credentials = new HashSet<>();
    int ipv6 = 0;
    for (JsonNode r : RECORDS.get(RecordShape.CADF)) {
      outcomes.add(r.get("outcome").asText());
      severities.add(r.get("severity").asText());
      initiatorTypes.add(r.get("initiator").get("typeURI").asText());
      credentials.add(r.get("initiator").get("credential").get("type").asText());
      ipv6 += r.get("initiator").get("host").get("address").asText().contains(":") ? 1 : 0;
      String outcome = r.get("outcome").asText();
      JsonNode code = r.get("reason").get("reasonCode");
      if (outcome.equals("success")) {
        assertThat(code.asInt()).isBetween(200, 299);
      } else if (outcome.equals("failure")) {
        assertThat(code.asInt()).isBetween(400, 599);
      } else if (outcome.equals("pending")) {
        assertThat(code.asInt()).isEqualTo(202);
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder("success", "failure", "pending", "unknown");
    assertThat(severities).containsExactlyInAnyOrder("normal", "warning", "critical");
    assertThat(initiatorTypes).containsExactlyInAnyOrder("service/security/account/user",
        "service/security/clientid", "service/security/account/serviceid");
    assertThat(credentials).containsExactlyInAnyOrder("user", "token", "apikey");
    assertThat(ipv6).isGreaterThan(RECORDS.get(RecordShape.CADF).size() / 20);
  }

  private static void assertRequiredCadf(JsonNode e) {
    assertThat(e.get("typeURI").asText()).isEqualTo("http://schemas.dmtf.org/cloud/audit/1.0/event");
    assertThat(e.get("eventType").asText()).isEqualTo("activity");
    assertThat(e.get("action").asText()).contains(".");
    assertThat(e.get("initiator").get("id").asText()).isNotBlank();
    assertThat(e.get("target").get("id").asText()).startsWith("crn:v1:bluemix:public:");
    assertThat(e.get("target").get("name").asText()).isNotBlank();
    assertThat(e.get("observer").get("name").asText()).isEqualTo("ActivityTracker");
    assertThat(e.get("reason").get("reasonType").asText()).isNotBlank();
    eventTime(e);
  }

  private static Instant eventTime(JsonNode record) {
    String text = Fixtures.cadf(record).get("eventTime").asText();
    for (Map.Entry<Pattern, DateTimeFormatter> f : FORMATS.entrySet()) {
      if (f.getKey().matcher(text).matches()) {
        return f.getValue() == DateTimeFormatter.ISO_INSTANT ? Instant.parse(text)
            : f.getValue().parse(text, java.time.OffsetDateTime::from).toInstant();
      }
    }
    throw new AssertionError("eventTime in no documented format: " + text);
  }

  private static JsonNode parse(String json) {
    try {
      return Bodies.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("requestData string is not JSON: " + json, e);
    }
  }
}
