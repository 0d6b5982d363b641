package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.SimStats;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI end to end: simulator → connector → real Elasticsearch, checked against the exact expected events. */
@ExtendWith(ElasticsearchExtension.class)
class IngestEndToEndIT {
  private static final LocalDate DAY = LocalDate.of(2019, 6, 1);

  private static Simulator.Builder sim(int eventsPerDay) {
    return Simulator.builder().seed(7).eventsPerDay(eventsPerDay).gzipLevel(1).token(Harness.TOKEN, "it@example.com");
  }

  private static void assertAllSessionsDeleted(Simulator s, long created) {
    SimStats st = s.stats();
    assertThat(st.sessions().open()).as("open sessions").isEmpty();
    assertThat(st.sessions().created()).isEqualTo(created);
    assertThat(st.sessions().deleted()).isEqualTo(created);
  }

  private static void assertExactly(Harness h, ExpectedEvents expected) {
    List<String> ids = h.eventIds();
    assertThat(new HashSet<>(ids)).as("no event twice").hasSize(ids.size());
    assertThat(ids).hasSize((int) expected.count());
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(expected.ids()));
  }

  @Test
  void indexesExactlyTheExpectedEventsAndARerunAddsNothing(EsEndpoint es, TestInfo t) throws IOException {
    try (Harness h = new Harness(es, "rerun"); Simulator s = sim(1500).start()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, DAY, DAY.plusDays(2), OptionalInt.empty());

      Harness.Run first = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-03");
      assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.OK);
      Harness.Summary one = first.summary();
      assertThat(one.status()).isEqualTo("ok");
      assertThat(one.read()).isEqualTo(expected.count());
      assertThat(one.indexed()).isEqualTo(expected.count());
      assertThat(one.duplicates()).isZero();
      assertThat(one.sessions()).isEqualTo(1);
      assertThat(one.bytes()).isEqualTo(s.stats().downloads().bytes());
      assertExactly(h, expected);

      // the checkpoint says the range is done: --reread reads it again, to show it adds nothing
      Harness.Run second = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-03", "--reread");
      assertThat(second.code()).as(second.toString()).isEqualTo(ExitCodes.OK);
      assertThat(second.summary().indexed()).isZero();
      assertThat(second.summary().duplicates()).isEqualTo(expected.count());
      assertExactly(h, expected);
      assertAllSessionsDeleted(s, 2);
      assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain(Harness.TOKEN);
    }
  }

  @Test
  void aFifteenDaySessionIsOneSession(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "fifteen"); Simulator s = sim(200).start()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, DAY, DAY.plusDays(14), OptionalInt.empty());
      Harness.Run run = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-15");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.summary().sessions()).isEqualTo(1);
      assertExactly(h, expected);
      assertAllSessionsDeleted(s, 1);
    }
  }

  @Test
  void longerRangesUseSeveralSessionsAndAccountAndHourFiltersHold(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "windows"); Simulator s = sim(400).start()) {
      ExpectedEvents a = s.expected(Harness.SPACE, true, DAY, DAY.plusDays(14), OptionalInt.of(10));
      ExpectedEvents b = s.expected(Harness.SPACE, true, DAY.plusDays(15), DAY.plusDays(19), OptionalInt.of(10));
      Harness.Run run = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-20", "--account", "--hour", "10");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.summary().sessions()).isEqualTo(2);
      List<String> ids = h.eventIds();
      assertThat(ids).hasSize((int) (a.count() + b.count()));
      HashSet<String> want = new HashSet<>(a.ids());
      want.addAll(b.ids());
      assertThat(new HashSet<>(ids)).isEqualTo(want);
      assertAllSessionsDeleted(s, 2);
    }
  }

  @ParameterizedTest(name = "{0} {1} multi-member={2}")
  @CsvSource({
      "NDJSON, STORED, false", "NDJSON, CADF, true", "NDJSON, ENVELOPE, false",
      "ARRAY, STORED, true", "ARRAY, CADF, false", "ARRAY, ENVELOPE, true",
      "CONCATENATED, STORED, false", "CONCATENATED, CADF, true", "CONCATENATED, ENVELOPE, false"})
  void everyFramingAndShape(Framing framing, RecordShape shape, boolean multiMember, EsEndpoint es)
      throws IOException {
    try (Harness h = new Harness(es, "fs" + framing + shape);
        Simulator s = sim(300).framing(framing).shape(shape).multiMember(multiMember).start()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, DAY, DAY.plusDays(1), OptionalInt.empty());
      Harness.Run run = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-02");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.summary().deadLettered()).isZero();
      assertExactly(h, expected);
      assertAllSessionsDeleted(s, 1);
    }
  }

  @Test
  void malformedRecordsLandInTheDeadLetterIndexWithTheirText(EsEndpoint es) throws IOException {
    Faults malformed = new Faults(0, 0, 0, 1, 0, 0, 1, false, 40, 0);
    try (Harness h = new Harness(es, "malformed"); Simulator s = sim(500).faults(malformed).start()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, DAY, DAY, OptionalInt.empty());
      assertThat(expected.malformed()).isPositive();
      Harness.Run run = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-01");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      Harness.Summary sum = run.summary();
      assertThat(sum.deadLettered()).isEqualTo(expected.malformed());
      assertThat(sum.read()).isEqualTo(expected.count() + expected.malformed());
      assertExactly(h, expected);

      List<JsonNode> dead = h.deadLetters();
      assertThat(dead).hasSize((int) expected.malformed());
      ObjectMapper json = new ObjectMapper();
      for (JsonNode d : dead) {
        assertThat(d.path("stage").asText()).isEqualTo("decode");
        assertThat(d.path("reason").asText()).isNotBlank();
        assertThat(d.path("record").asLong()).isPositive();
        assertThat(d.path("session").asText()).isNotBlank();
        String original = d.path("original").asText();
        assertThat(original).isNotBlank();
        assertThat(isJson(json, original)).as("dead-lettered text is not valid JSON: %s", original).isFalse();
      }
      assertAllSessionsDeleted(s, 1);

      Harness.Run again = h.ingest(s, "--start", "2019-06-01", "--end", "2019-06-01", "--reread");
      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(h.deadLetters()).as("a re-run adds no second dead letter").hasSize((int) expected.malformed());
    }
  }

  private static boolean isJson(ObjectMapper json, String text) {
    try {
      json.readTree(text);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
