package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fixtures.ACCOUNT;
import static dev.atconnector.sim.events.Fixtures.DAY;
import static dev.atconnector.sim.events.Fixtures.SPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events added after the fact ({@link EventCatalog#addEvents}): issue 5, follow mode and late events. */
class LateEventsTest {
  private final EventCatalog catalog = new EventCatalog(42, 500);

  @Test
  void addedEventsJoinTheDayAndKeepTheOldOnes() throws Exception {
    DownloadSpec spec = Fixtures.day(RecordShape.STORED);
    ExpectedEvents before = catalog.expected(spec);
    long countBefore = catalog.countFor(SPACE, DAY);

    long countAfter = catalog.addEvents(SPACE, DAY, 37);

    ExpectedEvents after = catalog.expected(spec);
    assertThat(countAfter).isEqualTo(countBefore + 37).isEqualTo(catalog.countFor(SPACE, DAY));
    assertThat(after.count()).isEqualTo(before.count() + 37);
    assertThat(after.ids()).containsAll(before.ids()).doesNotHaveDuplicates();
    assertThat(after.digest()).isNotEqualTo(before.digest());
    List<JsonNode> body = Bodies.parse(Bodies.body(catalog, spec));
    assertThat(body).hasSize((int) after.count());
    List<String> bodyIds = new ArrayList<>();
    for (JsonNode record : body) {
      bodyIds.add(Fixtures.idOf(Bodies.MAPPER.writeValueAsBytes(record)));
      assertThat(record.get("eventTime").asText()).startsWith(DAY.toString());
    }
    assertThat(bodyIds).containsExactlyInAnyOrderElementsOf(after.ids());
  }

  @Test
  void sameAdditionsGiveTheSameEventsWhateverTheSteps() {
    EventCatalog other = new EventCatalog(42, 500);
    catalog.addEvents(SPACE, DAY, 5);
    other.addEvents(SPACE, DAY, 2);
    other.addEvents(SPACE, DAY, 3);

    for (RecordShape shape : RecordShape.values()) {
      DownloadSpec spec = Fixtures.day(shape);
      assertThat(Bodies.body(other, spec)).isEqualTo(Bodies.body(catalog, spec));
    }
  }

  @Test
  void additionsStayInTheirScopeAndDay() {
    ExpectedEvents accountBefore = catalog.expected(Fixtures.spec(ACCOUNT, DAY, DAY, Framing.NDJSON,
        RecordShape.STORED));
    ExpectedEvents nextDayBefore = catalog.expected(Fixtures.spec(SPACE, DAY.plusDays(1), DAY.plusDays(1),
        Framing.NDJSON, RecordShape.STORED));

    catalog.addEvents(SPACE, DAY, 10);

    assertThat(catalog.expected(Fixtures.spec(ACCOUNT, DAY, DAY, Framing.NDJSON, RecordShape.STORED)))
        .isEqualTo(accountBefore);
    assertThat(catalog.expected(Fixtures.spec(SPACE, DAY.plusDays(1), DAY.plusDays(1), Framing.NDJSON,
        RecordShape.STORED))).isEqualTo(nextDayBefore);
    assertThat(catalog.addedEvents(SPACE, DAY)).isEqualTo(10);
    assertThat(catalog.addedEvents(ACCOUNT, DAY)).isZero();
  }

  @Test
  void hoursAndStatusIncludeAddedEvents() throws Exception {
    DayStatus cached = catalog.dayStatus(SPACE, DAY, RecordShape.STORED);

    catalog.addEvents(SPACE, DAY, 200);

    long hours = 0;
    for (int h = 0; h < 24; h++) {
      long inHour = catalog.countFor(SPACE, DAY, h);
      DownloadSpec hourSpec = Fixtures.withHour(Fixtures.day(RecordShape.CADF), h);
      List<JsonNode> records = Bodies.parse(Bodies.body(catalog, hourSpec));
      assertThat(records).as("hour %d", h).hasSize((int) inHour);
      for (JsonNode record : records) {
        assertThat(record.get("eventTime").asText().substring(11, 13)).isEqualTo(String.format(Locale.ROOT, "%02d", h));
      }
      hours += inHour;
    }
    assertThat(hours).isEqualTo(catalog.countFor(SPACE, DAY));
    DayStatus now = catalog.dayStatus(SPACE, DAY, RecordShape.STORED);
    assertThat(now.count()).isEqualTo(cached.count() + 200);
    assertThat(now.sizeBytes()).isGreaterThan(cached.sizeBytes());
    assertThat(catalog.dayStatus(SPACE, DAY, OptionalInt.of(11), RecordShape.STORED).count())
        .isEqualTo(catalog.countFor(SPACE, DAY, 11));
  }

  @Test
  void aDayWithNoRegularEventsCanGainSome() throws Exception {
    EventCatalog empty = new EventCatalog(7, 0);
    empty.addEvents(SPACE, DAY, 3);

    assertThat(empty.countFor(SPACE, DAY)).isEqualTo(3);
    assertThat(Bodies.parse(Bodies.body(empty, Fixtures.spec(SPACE, DAY, DAY, Framing.ARRAY, RecordShape.CADF))))
        .hasSize(3);
  }

  @Test
  void concurrentAdditionsAreAllCounted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          for (int j = 0; j < 50; j++) {
            catalog.addEvents(SPACE, DAY, 1);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(catalog.addedEvents(SPACE, DAY)).isEqualTo(400);
    EventCatalog once = new EventCatalog(42, 500);
    once.addEvents(SPACE, DAY, 400);
    assertThat(catalog.expected(Fixtures.day(RecordShape.STORED)))
        .isEqualTo(once.expected(Fixtures.day(RecordShape.STORED)));
  }

  @Test
  void badCountsAreRefused() {
    assertThatThrownBy(() -> catalog.addEvents(SPACE, DAY, 0)).hasMessageContaining("count must be at least 1");
    assertThatThrownBy(() -> catalog.addEvents(SPACE, DAY, -4)).hasMessageContaining("count must be at least 1");
    assertThat(catalog.addedEvents(SPACE, DAY)).isZero();
  }
}
