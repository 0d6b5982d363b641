package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.ACCOUNT;
import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCatalogTest {
  private final EventCatalog catalog = new EventCatalog(42, 3000);

  @Test
  void sameInputsGiveTheSameBytes() {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.CONCATENATED, RecordShape.ENVELOPE);

    byte[] first = Bodies.gzip(catalog, spec, 8192);
    byte[] second = Bodies.gzip(new EventCatalog(42, 3000), spec, 8192);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void seedSpaceAndAccountLevelEachChangeTheEvents() {
    ExpectedEvents base = catalog.expected(Fixtures.day(RecordShape.CADF));

    ExpectedEvents otherSeed = new EventCatalog(43, 3000).expected(Fixtures.day(RecordShape.CADF));
    ExpectedEvents otherSpace = catalog.expected(Fixtures.spec(new Scope("another-space", false), DAY, DAY,
        Framing.NDJSON, RecordShape.CADF));
    ExpectedEvents account = catalog.expected(Fixtures.spec(ACCOUNT, DAY, DAY, Framing.NDJSON, RecordShape.CADF));

    for (ExpectedEvents other : List.of(otherSeed, otherSpace, account)) {
      assertThat(other.digest()).isNotEqualTo(base.digest());
      assertThat(other.ids()).doesNotContainAnyElementsOf(base.ids());
    }
  }

  @Test
  void countsMatchCountForAndTheBody() throws Exception {
    LocalDate end = DAY.plusDays(2);
    long expected = 0;
    for (LocalDate d = DAY; !d.isAfter(end); d = d.plusDays(1)) {
      long hours = 0;
      for (int h = 0; h < 24; h++) {
        hours += catalog.countFor(SPACE, d, h);
      }
      assertThat(hours).isEqualTo(catalog.countFor(SPACE, d));
      expected += catalog.countFor(SPACE, d);
    }
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, end, Framing.NDJSON, RecordShape.STORED);

    assertThat(catalog.expected(spec).count()).isEqualTo(expected);
    assertThat(Bodies.parse(Bodies.body(catalog, spec))).hasSize((int) expected);
  }

  @Test
  void dayCountsVaryAroundTheConfiguredVolume() {
    Set<Long> counts = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      long count = catalog.countFor(SPACE, DAY.plusDays(i));
      assertThat(count).isBetween(2400L, 3600L);
      counts.add(count);
    }
    assertThat(counts).hasSizeGreaterThan(20);
    assertThat(new EventCatalog(1, 0).countFor(SPACE, DAY)).isZero();
  }

  @Test
  void dailyRhythmHasQuietNightsAndBusyOfficeHours() {
    for (int i = 0; i < 7; i++) {
      LocalDate d = DAY.plusDays(i);
      long night = catalog.countFor(SPACE, d, 2) + catalog.countFor(SPACE, d, 3);
      long office = catalog.countFor(SPACE, d, 10) + catalog.countFor(SPACE, d, 14);
      assertThat(office).as("day %s", d).isGreaterThan(4 * night);
    }
  }

  @Test
  void hourFilterGivesExactlyThatHourOfTheDay() throws Exception {
    DownloadSpec whole = Fixtures.day(RecordShape.STORED);
    DownloadSpec hour = Fixtures.withHour(whole, 9);

    List<JsonNode> all = Bodies.parse(Bodies.body(catalog, whole));
    List<JsonNode> filtered = Bodies.parse(Bodies.body(catalog, hour));

    List<JsonNode> ofHour9 = new ArrayList<>();
    for (JsonNode r : all) {
      if (r.get("eventTime").asText().substring(11, 13).equals("09")) {
        ofHour9.add(r);
      }
    }
    assertThat(filtered).hasSize((int) catalog.countFor(SPACE, DAY, 9)).isNotEmpty().isEqualTo(ofHour9);
    assertThat(catalog.expected(hour).ids()).isSubsetOf(catalog.expected(whole).ids());
  }

  @Test
  void dayStatusGivesCountAndNdjsonSize() {
    DownloadSpec spec = Fixtures.day(RecordShape.STORED);
    long size = 0;
    for (Iterator<byte[]> it = catalog.framedRecords(spec); it.hasNext(); ) {
      size += it.next().length;
    }

    DayStatus status = catalog.dayStatus(SPACE, DAY, RecordShape.STORED);

    assertThat(status.date()).isEqualTo(DAY);
    assertThat(status.count()).isEqualTo(catalog.countFor(SPACE, DAY));
    assertThat(status.sizeBytes()).isEqualTo(size);
    assertThat(catalog.dayStatus(SPACE, DAY, RecordShape.STORED)).isEqualTo(status);
    assertThat(catalog.dayStatus(SPACE, DAY, java.util.OptionalInt.of(3), RecordShape.STORED).count())
        .isEqualTo(catalog.countFor(SPACE, DAY, 3));
  }

  @Test
  void framedRecordsConcatenateToTheBody() {
    DownloadSpec spec = Fixtures.spec(SPACE, DAY, DAY.plusDays(1), Framing.ARRAY, RecordShape.CADF);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    catalog.framedRecords(spec).forEachRemaining(b -> joined.write(b, 0, b.length));

    assertThat(joined.toByteArray()).isEqualTo(Bodies.body(catalog, spec));
  }

  @Test
  void accountLevelEventsComeFromAccountServices() throws Exception {
    List<JsonNode> space = Bodies.parse(Bodies.body(catalog, Fixtures.spec(SPACE, DAY, DAY, Framing.NDJSON,
        RecordShape.STORED)));
    List<JsonNode> account = Bodies.parse(Bodies.body(catalog, Fixtures.spec(ACCOUNT, DAY, DAY, Framing.NDJSON,
        RecordShape.STORED)));

    Set<String> spaceServices = services(space);
    Set<String> accountServices = services(account);
    assertThat(accountServices).contains("iam-identity", "billing", "user-management").doesNotContainAnyElementsOf(
        spaceServices);
    assertThat(spaceServices).contains("containers-kubernetes", "cloud-object-storage", "is", "pcloud");
    assertThat(account).allSatisfy(r -> assertThat(r.get("ALCH_TENANT_ID").asText()).startsWith("a/"));
    assertThat(space).allSatisfy(r -> assertThat(r.get("ALCH_TENANT_ID").asText())
        .isEqualTo("s/" + Fixtures.SPACE_ID));
  }

  @Test
  void badArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> new EventCatalog(1, -1)).hasMessageContaining("eventsPerDay");
    assertThatThrownBy(() -> catalog.countFor(SPACE, DAY, 24)).hasMessageContaining("hour");
    assertThatThrownBy(() -> Fixtures.spec(SPACE, DAY, DAY.minusDays(1), Framing.NDJSON, RecordShape.CADF))
        .hasMessageContaining("end");
  }

  private static Set<String> services(List<JsonNode> records) {
    Set<String> services = new HashSet<>();
    for (JsonNode r : records) {
      String action = r.get("action").asText();
      services.add(action.substring(0, action.indexOf('.')));
    }
    return services;
  }
}
