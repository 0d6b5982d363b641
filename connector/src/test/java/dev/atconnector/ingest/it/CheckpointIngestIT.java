package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Backfill with checkpoints: windows in order, resume after the last finished one, leases, the command. */
@ExtendWith(ElasticsearchExtension.class)
class CheckpointIngestIT {
  private static final LocalDate START = LocalDate.of(2019, 1, 1);
  private static final LocalDate END = START.plusDays(99);

  private static Simulator sim() {
    return Simulator.builder().seed(11).eventsPerDay(50).gzipLevel(1).token(Harness.TOKEN, "it@example.com").start();
  }

  /** The source a run of {@code h} against {@code s} checkpoints: its space, no account, the harness's prefix. */
  static SourceId sourceId(Harness h, Simulator s) {
    return new SourceId(SourceId.hostOf(URI.create(s.baseUrl())), Harness.SPACE, false, OptionalInt.empty(),
        h.prefix);
  }

  /** The harness's checkpoint store, its index created, for a test to put a checkpoint in before the run. */
  static CheckpointStore store(Harness h) {
    CheckpointStore store = new CheckpointStore(h.rest, h.checkpointIndex());
    store.ensureIndex();
    return store;
  }

  static Checkpoint checkpoint(Harness h, Simulator s) {
    return new CheckpointStore(h.rest, h.checkpointIndex()).get(sourceId(h, s)).orElseThrow().checkpoint();
  }

  static void assertExactly(Harness h, ExpectedEvents expected) {
    List<String> ids = h.eventIds();
    assertThat(new HashSet<>(ids)).as("no event twice").hasSize(ids.size());
    assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(expected.ids()));
  }

  @Test
  void aHundredDayBackfillIsSevenWindowsAndARerunResumesAfterTheLastOne(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "backfill"); Simulator s = sim()) {
      ExpectedEvents expected = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());
      Harness.Run run = h.ingest(s, "--start", START.toString(), "--end", END.toString(), "--window-days", "15");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(run.summary().sessions()).isEqualTo(7);
      assertThat(run.summary().indexed()).isEqualTo(expected.count());
      assertExactly(h, expected);
      Checkpoint c = checkpoint(h, s);
      assertThat(c.completedThrough()).contains(END);
      assertThat(c.counts().windows()).isEqualTo(7);
      assertThat(c.counts().indexed()).isEqualTo(expected.count());
      assertThat(c.openSession()).isEmpty();
      assertThat(c.lease()).as("released at the end").isEmpty();

      Harness.Run again = h.ingest(s, "--start", START.toString(), "--end", END.toString(), "--window-days", "15");
      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(again.summary().sessions()).as("every window was done").isZero();

      LocalDate later = END.plusDays(10);
      Harness.Run extended = h.ingest(s, "--start", START.toString(), "--end", later.toString(),
          "--window-days", "15");
      assertThat(extended.code()).as(extended.toString()).isEqualTo(ExitCodes.OK);
      assertThat(extended.summary().sessions()).as("only the new days").isEqualTo(1);
      assertExactly(h, s.expected(Harness.SPACE, false, START, later, OptionalInt.empty()));
      assertThat(checkpoint(h, s).completedThrough()).contains(later);
      assertThat(s.stats().sessions().open()).isEmpty();
      assertThat(s.stats().sessions().created()).isEqualTo(8);

      JsonNode shown = checkpointsCommand(h, "--output", "json");
      assertThat(shown).hasSize(1);
      assertThat(shown.get(0).path("source").asText()).endsWith("/" + Harness.SPACE + "/space/all-hours/" + h.prefix);
      assertThat(shown.get(0).path("completed_through").asText()).isEqualTo(later.toString());
      assertThat(shown.get(0).path("lag_seconds").asLong()).isPositive();
      assertThat(shown.get(0).path("counts").path("windows").asLong()).isEqualTo(8);
    }
  }

  @Test
  void aSourceLeasedByAnotherProcessIsLeftAlone(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "leased"); Simulator s = sim()) {
      SourceId id = sourceId(h, s);
      CheckpointStore store = store(h);
      Instant until = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      store.create(Checkpoint.fresh(id, START, END, Instant.now())
          .withLease(Optional.of(new Checkpoint.Lease("other-host/99/abc", until))));

      Harness.Run run = h.ingest(s, "--start", START.toString(), "--end", START.toString());
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.LEASED);
      assertThat(run.err()).contains("is held by other-host/99/abc (lease until " + until + ")");
      assertThat(s.stats().sessions().created()).isZero();
      assertThat(checkpoint(h, s).lease()).map(Checkpoint.Lease::owner).contains("other-host/99/abc");

      String table = checkpointsCommandText(h);
      assertThat(table).contains("other-host/99/abc until " + until).contains("not started");
    }
  }

  @Test
  void aSessionCreatedButNeverRecordedByAKilledRunIsFoundAndDeleted(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "pending"); Simulator s = sim()) {
      SourceId id = sourceId(h, s);
      CheckpointStore store = store(h);
      // as a run killed between "creating" and the create answer leaves it: the window, no id, an old lease
      Instant killedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      store.create(Checkpoint.fresh(id, START, START, killedAt)
          .withOpenSession(Optional.of(new Checkpoint.OpenSession("", START, START, killedAt)))
          .withLease(Optional.of(new Checkpoint.Lease("gone-host/1/x", killedAt.minusSeconds(1)))));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int created = CliAccess.run(new String[] {"session", "create", "-s", START.toString(), "-e", START.toString()},
          Map.of("AT_TOKEN", Harness.TOKEN, "AT_ENDPOINT", s.baseUrl(), "AT_SPACE_ID", Harness.SPACE),
          new PrintWriter(out), new PrintWriter(err), new SimpleMeterRegistry());
      assertThat(created).as(err.toString()).isZero();
      assertThat(s.stats().sessions().open()).hasSize(1);

      Harness.Run run = h.ingest(s, "--start", START.toString(), "--end", START.toString());
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(s.stats().sessions().open()).as("the unrecorded session was found and deleted").isEmpty();
      assertThat(s.stats().sessions().deleted()).isEqualTo(2);
      assertThat(checkpoint(h, s).openSession()).isEmpty();
      assertThat(checkpoint(h, s).completedThrough()).contains(START);
    }
  }

  private static JsonNode checkpointsCommand(Harness h, String... extra) throws IOException {
    return new ObjectMapper().readTree(checkpointsCommandText(h, extra));
  }

  private static String checkpointsCommandText(Harness h, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("checkpoints"),
        java.util.stream.Stream.of(extra)).toArray(String[]::new);
    Map<String, String> env = new java.util.HashMap<>(Map.of("ES_URL", h.es.uri().toString(),
        "AT_CHECKPOINT_INDEX", h.checkpointIndex()));
    if (h.es.username() != null) {
      env.put("ES_USERNAME", h.es.username());
      env.put("ES_PASSWORD", h.es.password());
    }
    if (h.es.apiKey() != null) {
      env.put("ES_API_KEY", h.es.apiKey());
    }
    int code = CliAccess.run(args, env, new PrintWriter(out), new PrintWriter(err), new SimpleMeterRegistry());
    assertThat(code).as("checkpoints: %s", err).isZero();
    return out.toString();
  }
}
