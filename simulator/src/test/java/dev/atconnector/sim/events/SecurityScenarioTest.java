package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.ACCOUNT;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static dev.atconnector.sim.events.Fixtures.SPACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code security} scenario (issue 14): fixed events with stable ids, added on top of the regular ones. */
class SecurityScenarioTest {
  private static final LocalDate START = LocalDate.of(2019, 6, 8);
  private static final LocalDate END = START.plusDays(2);

  private static List<String> scenarioIds(boolean account) {
    return SecurityScenario.events().stream().filter(e -> e.accountLevel() == account).map(ScenarioEvent::id)
        .toList();
  }

  @Test
  void idsAreUniqueAndEveryEventLiesInItsThreeDays() {
    List<ScenarioEvent> events = SecurityScenario.events();
    assertThat(events).as("as simulator/README.md says").hasSize(98);
    assertThat(events.stream().filter(e -> !e.accountLevel())).hasSize(24);
    assertThat(events).extracting(ScenarioEvent::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("sec-d"));
    assertThat(events).allMatch(e -> e.day() >= 0 && e.day() <= 2 && e.secondOfDay() < 86_400)
        .allMatch(e -> e.id().startsWith("sec-d" + e.day() + "-"));
    assertThat(events.stream().filter(e -> e.id().startsWith("sec-d2-spray-"))).hasSize(12)
        .allMatch(e -> e.ip().equals(SecurityScenario.SPRAY_IP) && e.outcome().equals("failure"));
  }

  @Test
  void withoutTheScenarioTheEventsAreUnchangedAndWithItTheyAreTheRegularOnesPlusTheScenario() {
    EventCatalog plain = new EventCatalog(42, 300);
    EventCatalog withScenario = new EventCatalog(42, 300);
    withScenario.addScenario("security", SPACE_ID, START);

    for (Scope scope : List.of(SPACE, ACCOUNT)) {
      DownloadSpec spec = Fixtures.spec(scope, START, END, Framing.NDJSON, RecordShape.STORED);
      ExpectedEvents before = plain.expected(spec);
      ExpectedEvents after = withScenario.expected(spec);
      List<String> union = new ArrayList<>(before.ids());
      union.addAll(scenarioIds(scope.accountLevel()));
      assertThat(after.ids()).containsExactlyInAnyOrderElementsOf(union);
      long perDay = 0;
      for (LocalDate d = START; !d.isAfter(END); d = d.plusDays(1)) {
        perDay += withScenario.countFor(scope, d) - plain.countFor(scope, d);
      }
      assertThat(perDay).isEqualTo(scenarioIds(scope.accountLevel()).size());
    }
    DownloadSpec other = Fixtures.spec(new Scope("another-space", true), START, END, Framing.NDJSON,
        RecordShape.STORED);
    assertThat(withScenario.expected(other)).isEqualTo(plain.expected(other));
    DownloadSpec before = Fixtures.spec(SPACE, START.minusDays(3), START.minusDays(1), Framing.NDJSON,
        RecordShape.STORED);
    assertThat(withScenario.expected(before)).isEqualTo(plain.expected(before));
  }

  @Test
  void everyShapeCarriesTheScenarioIdAsTheDocumentIdAndTheSameCadfContent() throws Exception {
    EventCatalog catalog = new EventCatalog(7, 0);
    catalog.addScenario("security", SPACE_ID, START);
    Map<String, JsonNode> stored = null;
    for (RecordShape shape : RecordShape.values()) {
      DownloadSpec spec = Fixtures.spec(ACCOUNT, START, END, Framing.NDJSON, shape);
      List<JsonNode> records = Bodies.parse(Bodies.body(catalog, spec));
      List<String> ids = new ArrayList<>();
      for (JsonNode r : records) {
        ids.add(Fixtures.idOf(Bodies.MAPPER.writeValueAsBytes(r)));
      }
      assertThat(ids).as(shape.name()).containsExactlyElementsOf(scenarioIds(true));
      assertThat(catalog.expected(spec).ids()).containsExactlyInAnyOrderElementsOf(ids);
      Map<String, JsonNode> cadf = records.stream().map(SecurityScenarioTest::cadfOnly)
          .collect(Collectors.toMap(c -> c.get("id").asText(), c -> c));
      if (stored != null) {
        assertThat(cadf).as(shape.name()).isEqualTo(stored);
      }
      stored = cadf;
    }
  }

  @Test
  void theEventsHaveTheContentTheRulesLookAt() throws Exception {
    EventCatalog catalog = new EventCatalog(7, 0);
    catalog.addScenario("security", SPACE_ID, START);
    Map<String, JsonNode> space = byId(catalog, SPACE);
    Map<String, JsonNode> account = byId(catalog, ACCOUNT);

    JsonNode publicRead = space.get("sec-d2-attacker-bucket-public-read");
    assertThat(publicRead.get("action").asText()).isEqualTo("cloud-object-storage.bucket-acl.update");
    assertThat(publicRead.at("/requestData/acl").asText()).isEqualTo("public-read");
    assertThat(space.get("sec-d2-priya-bucket-private").at("/requestData/acl").asText()).isEqualTo("private");
    assertThat(publicRead.get("eventTime").asText()).isEqualTo("2019-06-10T15:20:00.000Z");
    assertThat(publicRead.at("/initiator/host/address").asText()).isEqualTo(SecurityScenario.ATTACKER_IP);
    assertThat(publicRead.at("/target/id").asText())
        .matches("crn:v1:bluemix:public:cloud-object-storage:[a-z-]+:a/[0-9a-f]{32}::bucket-acl:payments-exports");
    assertThat(publicRead.at("/reason/reasonCode").asInt()).isEqualTo(200);

    JsonNode mfaOff = account.get("sec-d2-attacker-mfa-off");
    assertThat(mfaOff.at("/requestData/mfa").asText()).isEqualTo("NONE");
    assertThat(mfaOff.at("/initiator/name").asText()).isEqualTo("john.smith@example.com");
    assertThat(account.get("sec-d2-attacker-atracker-route-delete").at("/reason/reasonCode").asInt())
        .isEqualTo(204);
    assertThat(account.get("sec-d2-priya-policy-update-denied").get("outcome").asText()).isEqualTo("failure");
    assertThat(account.get("sec-d2-attacker-public-policy-create").at("/requestData/subjects/0/attributes/0/value")
        .asText()).isEqualTo("AccessGroupId-PublicAccess");
    assertThat(account.get("sec-d2-ci-login-curl").at("/initiator/host/agent").asText()).startsWith("curl/");
    assertThat(account.get("sec-d0-ci-login").at("/initiator/typeURI").asText())
        .isEqualTo("service/security/account/serviceid");
  }

  @Test
  void addingTheSameScenarioAgainChangesNothingAndAnUnknownNameIsRefused() {
    EventCatalog catalog = new EventCatalog(7, 20);
    List<EventCatalog.ScenarioEntry> first = catalog.addScenario("security", SPACE_ID, START);
    DownloadSpec spec = Fixtures.spec(ACCOUNT, START, END, Framing.NDJSON, RecordShape.STORED);
    ExpectedEvents once = catalog.expected(spec);

    assertThat(catalog.addScenario("security", SPACE_ID, START)).isEqualTo(first);
    assertThat(catalog.expected(spec)).isEqualTo(once);
    assertThat(first).hasSize(SecurityScenario.events().size());
    assertThat(first.get(0).day()).isEqualTo(START);
    assertThatThrownBy(() -> catalog.addScenario("heist", SPACE_ID, START))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heist").hasMessageContaining("security");
  }

  @Test
  void aSearchTimeHourHoldsOnlyThatHoursScenarioEvents() {
    EventCatalog catalog = new EventCatalog(7, 0);
    catalog.addScenario("security", SPACE_ID, START);
    DownloadSpec hour10 = Fixtures.withHour(Fixtures.spec(ACCOUNT, END, END, Framing.NDJSON, RecordShape.CADF), 10);

    List<String> ids = catalog.expected(hour10).ids();

    assertThat(ids).hasSize(12).allMatch(id -> id.startsWith("sec-d2-spray-"));
    assertThat(catalog.countFor(ACCOUNT, END, 10)).isEqualTo(12);
  }

  private static JsonNode cadfOnly(JsonNode record) {
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.cadf(record).deepCopy();
    copy.remove(List.of("@timestamp", "@version", "ALCH_ACCOUNT_ID", "ALCH_TENANT_ID", "type", "event_uuid", "tags"));
    return copy;
  }

  private static Map<String, JsonNode> byId(EventCatalog catalog, Scope scope) throws Exception {
    DownloadSpec spec = Fixtures.spec(scope, START, END, Framing.NDJSON, RecordShape.CADF);
    return Bodies.parse(Bodies.body(catalog, spec)).stream()
        .collect(Collectors.toMap(r -> r.get("id").asText(), r -> r));
  }
}
