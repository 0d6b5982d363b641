package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch._types.mapping.Property;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.eslocal.LocalElasticsearch;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.SimStats;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.fault.FaultCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault-injection suite (issue 6): one real Elasticsearch and the simulator's faults. For every fault the
 * exact final state is asserted: which ids are stored and how often, what is in the dead-letter index and why, that
 * every session was deleted, and the exit code. The classification each case exercises is in docs/errors.md.
 */
@ExtendWith(ElasticsearchExtension.class)
class FaultSuiteIT {
  private static final LocalDate DAY = LocalDate.of(2019, 7, 1);
  private static final String[] ONE_DAY = {"--start", "2019-07-01", "--end", "2019-07-01"};

  private static String[] oneDayAnd(String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(ONE_DAY), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  /** Faults, all off but what a case switches on. */
  private record F(int failCreates, double failRate, int throttleEvery, long slow, long cutAfter, int cutDownloads,
      boolean corrupt, int malformedEvery, long expireAfter) {
    static final F NONE = new F(0, 0, 0, 0, 0, 1, false, 0, 0);

    Faults faults() {
      return new Faults(failCreates, failRate, throttleEvery, 1, slow, cutAfter, cutDownloads, corrupt,
          malformedEvery, expireAfter);
    }
  }

  private static Simulator start(int eventsPerDay, F faults) {
    return Simulator.builder().seed(21).eventsPerDay(eventsPerDay).gzipLevel(1).faults(faults.faults())
        .token(Harness.TOKEN, "it@example.com").start();
  }

  private static ExpectedEvents expected(Simulator s) {
    return s.expected(Harness.SPACE, false, DAY, DAY, OptionalInt.empty());
  }

  @Test
  void aStormOfServerErrorsIsRetriedAndEveryEventArrivesOnce(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "storm"); Simulator s = start(1500, new F(3, 0.4, 0, 0, 0, 1, false, 0, 0))) {
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertOk(run);
      assertExactlyOnce(h, expected(s));
      assertThat(s.stats().faults()).containsEntry(FaultCounters.FAIL_CREATES, 3L)
          .containsKey(FaultCounters.FAIL_RATE);
      assertThat(s.stats().sessions().created()).isEqualTo(1);
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void throttlingWaitsForRetryAfterEachTime(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "throttle"); Simulator s = start(1000, new F(0, 0, 2, 0, 0, 1, false, 0, 0))) {
      long t0 = System.nanoTime();
      Harness.Run run = h.ingest(s, ONE_DAY);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertOk(run);
      assertExactlyOnce(h, expected(s));
      long throttled = s.stats().faults().getOrDefault(FaultCounters.THROTTLE, 0L);
      assertThat(throttled).as("429s served").isGreaterThanOrEqualTo(2);
      // each 429 says Retry-After: 1; jittered backoff alone would often wait less
      assertThat(tookMs).as("run time against %d x Retry-After 1 s", throttled).isGreaterThanOrEqualTo(throttled * 1000);
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void aCutDownloadResumesAfterTheVerifiedPrefixAndEveryEventArrivesOnce(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "cut"); Simulator s = start(3000, new F(0, 0, 0, 0, 200_000, 2, false, 0, 0))) {
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertOk(run);
      assertThat(run.summary().duplicates()).as("the re-read prefix was skipped, not re-sent").isZero();
      assertThat(s.stats().faults()).containsEntry(FaultCounters.CUT, 2L);
      assertThat(s.stats().downloads().started()).isEqualTo(3);
      assertExactlyOnce(h, expected(s));
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void aCorruptGzipFailsTheWindowAfterItsRetriesWithoutDuplicates(EsEndpoint es) throws Exception {
    // 1000 events: each of the six reads stores them all before the trailer's CRC fails, then takes them back
    try (Harness h = new Harness(es, "corrupt"); Simulator s = start(1000, new F(0, 0, 0, 0, 0, 1, true, 0, 0))) {
      Harness.Run run = h.ingest(s, ONE_DAY);
      // a content failure (issue 15): by default (--errors-tolerance window) the window is recorded as failed
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.WINDOWS_FAILED);
      assertThat(run.summary().status()).isEqualTo("partial");
      assertThat(run.err()).contains("recorded as failed");
      assertThat(s.stats().downloads().started()).as("first download + 5 retries").isEqualTo(6);
      // one gzip member that never passed its check: whatever it yielded was taken back
      assertThat(h.eventIds()).isEmpty();
      assertThat(h.deadLetters()).isEmpty();
      assertNoSessionLeft(s);
      assertCheckpoint(h, false);
      Checkpoint c = new CheckpointStore(h.rest, h.checkpointIndex()).all().get(0);
      assertThat(c.failedWindows()).singleElement().satisfies(f -> {
        assertThat(f.start()).isEqualTo(DAY);
        assertThat(f.attempts()).isEqualTo(6);
        assertThat(f.reason()).contains("could not be decoded").contains("gave up after 6 attempts");
      });
    }
  }

  private static Simulator startGarbled(int eventsPerDay, int garbleDownloads) {
    return Simulator.builder().seed(21).eventsPerDay(eventsPerDay).gzipLevel(1)
        .faults(new Faults(0, 0, 0, 1, 0, 0, 1, false, 0, 0, garbleDownloads, 0))
        .token(Harness.TOKEN, "it@example.com").start();
  }

  /** Stored events whose outcome the garble fault rewrote ({@code success} became {@code SUCCESS}). */
  private static long garbledStored(Harness h) throws java.io.IOException {
    h.refresh();
    return h.client.count(c -> c.index(h.prefix + "*").allowNoIndices(true).ignoreUnavailable(true)
        .query(q -> q.term(t -> t.field("outcome").value("SUCCESS")))).count();
  }

  @Test
  void recordsOfADownloadThatFailsItsCrcAreTakenBackAndTheWindowIsReadAgain(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "garble"); Simulator s = startGarbled(2000, 1)) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Harness.Run run = h.ingest(s, meters, ONE_DAY);
      assertOk(run);
      assertThat(s.stats().faults()).containsEntry(FaultCounters.GARBLE, 1L);
      assertThat(s.stats().downloads().started()).as("the garbled download, then a clean one").isEqualTo(2);
      double retracted = meters.get(MeterNames.RECORDS_RETRACTED).counter().count();
      assertThat(retracted).as("records taken back").isPositive();
      assertThat(run.out()).as("the summary says so").contains(" retracted=" + (long) retracted);
      assertThat(run.summary().indexed()).as("stored twice: once garbled, once true")
          .isEqualTo(expected(s).count() + (long) retracted);
      // the garbled documents kept the true ids: left in place, the true events would have met them as 409s
      assertExactlyOnce(h, expected(s));
      assertThat(garbledStored(h)).isZero();
      assertThat(run.summary().duplicates()).as("nothing of the garbled read was left to collide with").isZero();
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void aSessionWhoseDeleteKeepsFailingStaysRecordedAndTheNextStartDeletesItKeepingTheData(EsEndpoint es)
      throws Exception {
    try (Harness h = new Harness(es, "nodelete");
        Simulator s = Simulator.builder().seed(21).eventsPerDay(500).gzipLevel(1)
            .faults(new Faults(0, 0, 0, 1, 0, 0, 1, false, 0, 0, 0, 6)).token(Harness.TOKEN, "it@example.com")
            .start()) {
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertOk(run);
      assertThat(s.stats().faults()).as("the delete and its 5 retries").containsEntry(FaultCounters.FAIL_DELETES, 6L);
      assertThat(s.stats().sessions().open()).as("still open on the service").hasSize(1);
      Checkpoint left = new CheckpointStore(h.rest, h.checkpointIndex()).all().get(0);
      assertThat(left.completedThrough()).as("the window itself finished").contains(left.rangeEnd());
      assertThat(left.openSession()).hasValueSatisfying(o -> {
        assertThat(o.id()).isEqualTo(s.stats().sessions().open().get(0).id());
        assertThat(o.verified()).as("all it stored was vouched for").isTrue();
        assertThat(o.deleted()).isFalse();
      });

      Harness.Run next = h.ingest(s, ONE_DAY);
      assertOk(next);
      assertThat(next.summary().read()).as("the window is done: nothing to read").isZero();
      assertNoSessionLeft(s);
      assertExactlyOnce(h, expected(s));
      assertCheckpoint(h, true);
    }
  }

  @Test
  void aDownloadThatAlwaysFailsItsCrcFailsTheWindowAndLeavesNothingGarbled(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "garbled"); Simulator s = startGarbled(1000, 100)) {
      // as before issue 15: with --errors-tolerance none a content failure stops the run
      Harness.Run run = h.ingest(s, oneDayAnd("--errors-tolerance", "none"));
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
      assertThat(new CheckpointStore(h.rest, h.checkpointIndex()).all().get(0).failedWindows()).isEmpty();
      assertThat(run.err()).contains("CRC32 mismatch").contains("gave up after 6 attempts");
      assertThat(s.stats().downloads().started()).as("first download + 5 retries").isEqualTo(6);
      assertThat(run.summary().read()).as("every read stored its records before the check failed").isPositive();
      assertThat(h.eventIds()).isEmpty();
      assertThat(h.deadLetters()).isEmpty();
      assertNoSessionLeft(s);
      assertCheckpoint(h, false);
    }
  }

  @Test
  void malformedRecordsAreDeadLetteredAndTheRestArrivesOnce(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "malformed"); Simulator s = start(1500, new F(0, 0, 0, 0, 0, 1, false, 100, 0))) {
      ExpectedEvents expected = expected(s);
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertOk(run);
      assertThat(expected.malformed()).isPositive();
      assertThat(run.summary().deadLettered()).isEqualTo(expected.malformed());
      assertExactlyOnce(h, expected);
      List<JsonNode> letters = h.deadLetters();
      assertThat(letters).hasSize((int) expected.malformed()).allSatisfy(letter -> {
        assertThat(letter.path("stage").asText()).isEqualTo("decode");
        assertThat(letter.path("reason").asText()).isNotBlank();
        assertThat(letter.path("original").asText()).isNotBlank();
        assertThat(letter.path("record").asLong()).isPositive();
      });
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void aTokenExpiringMidDownloadIsRenewedOnceAndTheDownloadResumes(EsEndpoint es) throws Exception {
    F expire = new F(0, 0, 0, 0, 0, 1, false, 0, 200_000);
    try (Harness h = new Harness(es, "expire");
        Simulator s = Simulator.builder().seed(21).eventsPerDay(3000).gzipLevel(1).faults(expire.faults())
            .apiKey("it-api-key", "it@example.com").start()) {
      Map<String, String> env = Map.of("AT_API_KEY", "it-api-key", "AT_ENDPOINT", s.baseUrl(),
          "AT_SPACE_ID", Harness.SPACE, "ES_URL", es.uri().toString());
      Harness.Run run = h.run(env, ONE_DAY);
      assertOk(run);
      assertThat(s.stats().faults()).containsEntry(FaultCounters.EXPIRE_TOKEN, 1L);
      assertThat(s.stats().downloads().started()).isEqualTo(2);
      assertThat(run.summary().duplicates()).isZero();
      assertExactlyOnce(h, expected(s));
      assertThat(run.out() + run.err()).doesNotContain("it-api-key");
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  @Test
  void documentsElasticsearchRejectsByMappingAreDeadLetteredWithTheReason(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "mapping"); Simulator s = start(1000, F.NONE)) {
      // about 30% of the simulator's events carry initiator.project_id, a string (in the document
      // ibmcloud.activity_tracker.initiator.project_id): mapped as a long through the connector's own @custom hook
      // (which it creates only when absent), those are refused
      Property projectIdLong = Property.of(p -> p.object(o -> o.properties("project_id",
          Property.of(l -> l.long_(x -> x)))));
      Property vendor = Property.of(p -> p.object(o -> o.properties("activity_tracker",
          Property.of(a -> a.object(x -> x.properties("initiator", projectIdLong))))));
      h.client.cluster().putComponentTemplate(c -> c.name(IndexTemplates.templateName(h.prefix) + "@custom")
          .template(t -> t.mappings(m -> m.properties("ibmcloud", vendor))));
      ExpectedEvents expected = expected(s);
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertOk(run);
      List<String> stored = h.eventIds();
      List<JsonNode> letters = h.deadLetters();
      assertThat(letters).hasSize((int) run.summary().deadLettered()).isNotEmpty();
      assertThat(stored).isNotEmpty().doesNotHaveDuplicates();
      Set<String> all = new HashSet<>(stored);
      letters.forEach(letter -> {
        assertThat(letter.path("stage").asText()).isEqualTo("index");
        assertThat(letter.path("error_type").asText()).endsWith("parsing_exception");
        assertThat(letter.path("reason").asText()).contains("ibmcloud.activity_tracker.initiator.project_id");
        assertThat(letter.path("original").asText()).as("the document as sent").contains("\"project_id\"")
            .contains("\"ibmcloud\":{");
        assertThat(letter.path("original_format").asText()).isEqualTo("document");
        assertThat(all.add(letter.path("doc_id").asText())).as("stored and dead-lettered at once").isTrue();
      });
      assertThat(all).isEqualTo(new HashSet<>(expected.ids()));
      assertNoSessionLeft(s);
      assertCheckpoint(h, true);
    }
  }

  /**
   * Elasticsearch is stopped once documents arrive and restarted 20 s later on the same port: the sink retries
   * within its outage budget (the download waits through backpressure), then the run finishes with every event
   * stored exactly once. Needs the local fixture, which this test can stop.
   */
  @Test
  void elasticsearchDownForTwentySecondsMidRunIsWaitedOut(EsEndpoint es) throws Exception {
    LocalElasticsearch node = ElasticsearchExtension.localNode().orElse(null);
    assumeTrue(node != null, "needs the local Elasticsearch fixture (no ES_URL, es.fixture=local) to stop it");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (Harness h = new Harness(es, "esrestart"); Simulator s = start(3000, new F(0, 0, 0, 100_000, 0, 1, false, 0, 0))) {
      try {
        Future<Harness.Run> running = runner.submit(() -> h.ingest(s, meters, oneDayAnd("--batch-docs", "200")));
        // a just-created index answers 503 until its shard starts: ask again
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> h.count(h.prefix + "20*") > 0);
        node.stop();
        long down = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> retriedRequests(meters) > 0);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
            .until(() -> System.nanoTime() - down >= TimeUnit.SECONDS.toNanos(20));
        assertThat(running.isDone()).as("the run waits for Elasticsearch instead of failing").isFalse();
        node.restart();
        Harness.Run run = running.get(5, TimeUnit.MINUTES);
        assertOk(run);
        assertExactlyOnce(h, expected(s));
        assertThat(h.deadLetters()).isEmpty();
        assertThat(retriedRequests(meters)).isPositive();
        assertNoSessionLeft(s);
        assertCheckpoint(h, true);
      } finally {
        runner.shutdownNow();
        if (!node.isRunning()) {
          node.restart(); // the other tests of this JVM share the node
        }
      }
    }
  }

  private static double retriedRequests(SimpleMeterRegistry meters) {
    Counter c = meters.find(MeterNames.BULK_REQUESTS).tag("outcome", "retry").counter();
    return c == null ? 0 : c.count();
  }

  private static void assertOk(Harness.Run run) {
    assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
    Harness.Summary sum = run.summary();
    assertThat(sum.indexed() + sum.duplicates() + sum.deadLettered()).as("every record read is accounted for")
        .isEqualTo(sum.read());
  }

  /** The window's events are stored, each exactly once (by the simulator's own list of ids). */
  private static void assertExactlyOnce(Harness h, ExpectedEvents expected) {
    List<String> ids = h.eventIds();
    assertThat(ids).hasSize((int) expected.count()).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(expected.ids()));
  }

  private static void assertNoSessionLeft(Simulator s) {
    SimStats st = s.stats();
    assertThat(st.sessions().open()).as("open sessions").isEmpty();
    assertThat(st.sessions().deleted()).isEqualTo(st.sessions().created());
  }

  /**
   * The source's one checkpoint document: moved to the range's end only when the window completed, otherwise not
   * at all and carrying the failure; never an open session (it was deleted) nor a lease (released at exit).
   */
  private static void assertCheckpoint(Harness h, boolean windowCompleted) {
    List<Checkpoint> all = new CheckpointStore(h.rest, h.checkpointIndex()).all();
    assertThat(all).hasSize(1);
    Checkpoint c = all.get(0);
    assertThat(c.openSession()).as("open session in the checkpoint").isEmpty();
    assertThat(c.lease()).as("lease after the run").isEmpty();
    if (windowCompleted) {
      assertThat(c.completedThrough()).contains(c.rangeEnd());
    } else {
      assertThat(c.completedThrough()).isEmpty();
      assertThat(c.lastError()).as("last error of a failed window").isPresent();
    }
  }
}
