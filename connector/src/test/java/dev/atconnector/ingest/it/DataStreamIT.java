package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.indices.IndexTemplate;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data stream destination (issue 14): events land in {@code logs-ibmcloud.activity_tracker-<namespace>} through
 * the integration-shaped template, and a re-read after a rollover, killed or not, leaves every event exactly once
 * although {@code create} alone only dedups within the write index. Assertions are on ids, counts and names only.
 */
@ExtendWith(ElasticsearchExtension.class)
class DataStreamIT {
  private static final LocalDate START = LocalDate.of(2019, 3, 1);
  private static final LocalDate END = START.plusDays(5);
  private static final String[] RANGE = {"--start", START.toString(), "--end", END.toString(), "--window-days", "2"};

  @Test
  void eventsLandInTheDataStreamOfTheIntegrationShapedTemplate(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "dsland"); Simulator s = sim(null)) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());
      Harness.Run run = h.ingest(s, h.toDataStream(RANGE));
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.summary().indexed()).isEqualTo(expected.count());
      assertThat(searches(h)).as("a first read looks nothing up").isZero();

      // the minimal test distribution has no _data_stream API: the backing indices show it is a data stream
      assertThat(backingIndices(h)).singleElement().asString().startsWith(".ds-" + h.dataStream() + "-");
      IndexTemplate t = h.client.indices().getIndexTemplate(g -> g.name("logs-ibmcloud.activity_tracker"))
          .indexTemplates().get(0).indexTemplate();
      assertThat(t.indexPatterns()).containsExactly("logs-ibmcloud.activity_tracker-*");
      assertThat(t.dataStream()).isNotNull();
      assertThat(t.priority()).isEqualTo(200L);
      assertThat(t.composedOf()).contains("logs-ibmcloud.activity_tracker@mappings", "logs@custom",
          "logs-ibmcloud.activity_tracker@custom");
      assertThat(t.meta().get("managed").to(Boolean.class)).isTrue();

      assertExactly(h, expected);
      long inNamespace = h.client.count(c -> c.index(h.dataStream()).query(q -> q.term(x -> x
          .field("data_stream.namespace").value(FieldValue.of(h.namespace()))))).count();
      assertThat(inNamespace).as("every event says which stream it is in").isEqualTo(expected.count());
      assertThat(h.count(h.prefix + "20*")).as("nothing in monthly indices").isZero();
    }
  }

  @Test
  void aRereadAfterRolloversAddsNoDuplicates(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "dsreread"); Simulator s = sim(null)) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());
      assertThat(h.ingest(s, h.toDataStream(RANGE)).code()).isEqualTo(ExitCodes.OK);
      rollover(h);

      assertThat(searches(h)).as("a first read looks nothing up").isZero();
      Harness.Run again = h.ingest(s, h.toDataStream(append(RANGE, "--reread")));
      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(searches(h)).as("the re-read looks its ids up").isPositive();
      assertThat(again.summary().indexed()).as("nothing stored twice").isZero();
      assertThat(again.summary().duplicates()).isEqualTo(expected.count());
      rollover(h);

      assertExactly(h, expected);
      assertThat(backingIndices(h)).hasSize(3);
    }
  }

  @Test
  void aRunKilledDuringARereadAfterARolloverThenResumedLeavesEveryEventOnce(EsEndpoint es, @TempDir Path dir)
      throws Exception {
    Faults slow = new Faults(0, 0, 0, 1, 40_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "dskill"); Simulator s = sim(slow)) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());
      assertThat(h.ingest(s, h.toDataStream(RANGE)).code()).isEqualTo(ExitCodes.OK);
      rollover(h);

      ChildConnector c = ChildConnector.start(h, s, dir, "reread", h.toDataStream(append(RANGE, "--reread")));
      try {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
            .until(() -> c.process.isAlive() && checkpoint(h, s).completedThrough().isPresent()
                && checkpoint(h, s).openSession().filter(o -> !o.pending()).isPresent()
                && !checkpoint(h, s).openSession().get().windowStart().equals(START));
      } finally {
        c.process.destroyForcibly(); // SIGKILL
        assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      rollover(h);

      Harness.Run last = h.ingest(s, h.toDataStream(append(RANGE, "--reread")));
      assertThat(last.code()).as(last.toString()).isEqualTo(ExitCodes.OK);
      assertThat(last.summary().indexed()).as(last.toString()).isZero();
      assertExactly(h, expected);
      assertThat(backingIndices(h)).hasSize(3);
    }
  }

  @Test
  void aPipelineThatCannotBeUsedStopsTheRunBeforeAnySession(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "dspipe"); Simulator s = sim(null)) {
      Harness.Run run = h.ingest(s, h.toDataStream(append(RANGE, "--pipeline", "no-such-pipeline")));
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(run.err()).contains("--pipeline (AT_PIPELINE) no-such-pipeline cannot be used")
          .contains("leave --pipeline out");
      assertThat(s.stats().sessions().created()).isZero();
    }
  }

  private static Simulator sim(Faults faults) throws IOException {
    Simulator.Builder b = Simulator.builder().seed(14).eventsPerDay(40).gzipLevel(1)
        .token(Harness.TOKEN, "it@example.com");
    return (faults == null ? b : b.faults(faults)).start();
  }

  private static void assertExactly(Harness h, ExpectedEvents expected) throws IOException {
    h.client.indices().refresh(r -> r.index(h.dataStream()));
    List<String> ids = h.ids(h.dataStream());
    assertThat(new HashSet<>(ids)).as("no event twice").hasSize(ids.size());
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(expected.ids()));
  }

  /** Search queries the data stream's backing indices answered so far (the lookups, before any of the test's). */
  private static long searches(Harness h) throws IOException {
    return h.client.indices().stats(st -> st.index(h.dataStream()).metric("search")).all().total().search()
        .queryTotal();
  }

  private static void rollover(Harness h) throws IOException {
    assertThat(h.client.indices().rollover(r -> r.alias(h.dataStream())).rolledOver()).isTrue();
  }

  private static List<String> backingIndices(Harness h) throws IOException {
    return List.copyOf(h.client.indices().get(g -> g.index(h.dataStream())).result().keySet());
  }

  private static Checkpoint checkpoint(Harness h, Simulator s) {
    SourceId id = new SourceId(SourceId.hostOf(URI.create(s.baseUrl())), Harness.SPACE, false, OptionalInt.empty(),
        h.dataStream());
    return new CheckpointStore(h.rest, h.checkpointIndex()).get(id).orElseThrow().checkpoint();
  }

  private static String[] append(String[] a, String... more) {
    String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }
}
