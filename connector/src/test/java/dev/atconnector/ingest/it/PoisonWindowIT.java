package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.fault.FaultCounters;
import dev.atconnector.sim.session.SessionLogEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 part 2: a poison window never stalls its source. One day of a three-window range is served damaged on
 * every download (the simulator's {@code --poison-days}: every record parses, the gzip CRC check fails); the run
 * completes the other windows exactly, records the failed one, exits 7; once the fault is lifted,
 * {@code --retry-failed} reads just that window, once, and the checkpoint claims the whole range.
 */
@ExtendWith(ElasticsearchExtension.class)
class PoisonWindowIT {
  private static final LocalDate D1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final String[] RANGE = {"--start", D1.toString(), "--end", D3.toString(), "--window-days", "1"};

  private static Set<String> ids(Simulator s, LocalDate... days) {
    Set<String> ids = new HashSet<>();
    for (LocalDate d : days) {
      ids.addAll(s.expected(Harness.SPACE, false, d, d, OptionalInt.empty()).ids());
    }
    return ids;
  }

  private static Checkpoint checkpoint(Harness h) {
    List<Checkpoint> all = new CheckpointStore(h.rest, h.checkpointIndex()).all();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aPoisonDayIsRecordedAsFailedWhileTheOthersCompleteAndRetryFailedFinishesItOnceLifted(EsEndpoint es)
      throws Exception {
    try (Harness h = new Harness(es, "poison");
        Simulator s = Simulator.builder().seed(15).eventsPerDay(150).gzipLevel(1).faults(Faults.NONE)
            .token(Harness.TOKEN, "it@example.com").start()) {
      s.poisonDays(Set.of(D2));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Harness.Run run = h.ingest(s, meters, RANGE);

      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.WINDOWS_FAILED);
      assertThat(run.summary().status()).isEqualTo("partial");
      assertThat(run.out()).contains(" failed_windows=1");
      assertThat(run.err()).contains("1 window(s) failed on every attempt").contains("--retry-failed");
      assertThat(s.stats().faults()).containsEntry(FaultCounters.POISON, 6L);
      // the other days exactly; nothing of the poison day (every garbled record was taken back)
      List<String> stored = h.eventIds();
      assertThat(stored).doesNotHaveDuplicates();
      assertThat(new HashSet<>(stored)).isEqualTo(ids(s, D1, D3));
      assertThat(h.deadLetters()).isEmpty();
      assertThat(s.stats().sessions().open()).as("every session deleted").isEmpty();

      List<String> d2Sessions = s.sessionLog().stream().filter(e -> e.start().equals(D2))
          .map(SessionLogEntry::id).toList();
      assertThat(d2Sessions).hasSize(1);
      Checkpoint c = checkpoint(h);
      assertThat(c.completedThrough()).as("never claims the failed day").contains(D1);
      assertThat(c.passedThrough()).contains(D3);
      assertThat(c.openSession()).isEmpty();
      assertThat(c.lease()).isEmpty();
      assertThat(c.failedWindows()).singleElement().satisfies(f -> {
        assertThat(f.start()).isEqualTo(D2);
        assertThat(f.end()).isEqualTo(D2);
        assertThat(f.attempts()).as("first read + 5 reads again").isEqualTo(6);
        assertThat(f.sessions()).isEqualTo(d2Sessions);
        assertThat(f.reason()).contains("could not be decoded").contains("gave up after 6 attempts");
        assertThat(f.failedAt()).isEqualTo(f.firstFailedAt());
      });
      assertThat(meters.get(MeterNames.WINDOWS_FAILED).tag("source", "cli").gauge().value()).isEqualTo(1.0);

      JsonNode listed = new ObjectMapper().readTree(checkpoints(h, "--output", "json")).get(0);
      assertThat(listed.path("completed_through").asText()).isEqualTo(D1.toString());
      assertThat(listed.path("failed_windows").get(0).path("start").asText()).isEqualTo(D2.toString());
      assertThat(listed.path("failed_windows").get(0).path("attempts").asLong()).isEqualTo(6);
      assertThat(checkpoints(h)).contains("FAILED WINDOWS").contains(D2 + " (6 attempts");

      // a run over the range reads nothing again: the failed window waits for --retry-failed
      Harness.Run again = h.ingest(s, RANGE);
      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(again.summary().sessions()).isZero();

      // the service serves it right again: --retry-failed reads that window only (no range given: the
      // default range would start the checkpoint over, --retry-failed leaves it as it is)
      s.poisonDays(Set.of());
      long sessionsBefore = s.stats().sessions().created();
      Harness.Run retried = h.ingest(s, "--retry-failed");
      assertThat(retried.code()).as(retried.toString()).isEqualTo(ExitCodes.OK);
      assertThat(retried.summary().status()).isEqualTo("ok");
      assertThat(s.stats().sessions().created() - sessionsBefore).as("one session: the failed window's").isEqualTo(1);
      assertThat(retried.summary().read()).isEqualTo(ids(s, D2).size());
      assertThat(retried.summary().duplicates()).isZero();
      List<String> all = h.eventIds();
      assertThat(all).doesNotHaveDuplicates();
      assertThat(new HashSet<>(all)).isEqualTo(ids(s, D1, D2, D3));

      Checkpoint after = checkpoint(h);
      assertThat(after.failedWindows()).isEmpty();
      assertThat(after.completedThrough()).as("the whole range is claimed now").contains(D3);
      assertThat(after.rangeStart()).isEqualTo(D1);
      assertThat(new ObjectMapper().readTree(checkpoints(h, "--output", "json")).get(0).path("failed_windows"))
          .isEmpty();
    }
  }

  private static String checkpoints(Harness h, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("checkpoints"),
        java.util.stream.Stream.of(extra)).toArray(String[]::new);
    Map<String, String> env = h.es.environment();
    env.put("AT_CHECKPOINT_INDEX", h.checkpointIndex());
    int code = CliAccess.run(args, env, new PrintWriter(out), new PrintWriter(err), new SimpleMeterRegistry());
    assertThat(code).as("checkpoints: %s", err).isZero();
    return out.toString();
  }
}
