package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest --config}: the sources of a YAML file run concurrently in one process, each with its own
 * checkpoint, and together store exactly the events of all of them.
 */
@ExtendWith(ElasticsearchExtension.class)
class MultiSourceIT {
  private static final LocalDate START = LocalDate.of(2019, 6, 1);
  private static final LocalDate END = LocalDate.of(2019, 6, 3);
  private static final Pattern SOURCE_SUMMARY = Pattern.compile("at-connector ingest ok: source=(\\S+) read=(\\d+)");

  @Test
  void twoSourcesOfOneSpaceRunTogetherAndStoreExactlyTheirEvents(EsEndpoint es, @TempDir Path dir)
      throws IOException {
    try (Harness h = new Harness(es, "multi");
        Simulator s = Simulator.builder().seed(11).eventsPerDay(300).gzipLevel(1)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = dir.resolve("sources.yml");
      Files.writeString(file, String.join("\n",
          "defaults:",
          "  endpoint: " + s.baseUrl(),
          "  token_env: MY_AT_TOKEN",
          "  index_prefix: " + h.prefix,
          "  start: " + START,
          "  end: " + END,
          "sources:",
          "  - name: the-space",
          "    space: " + Harness.SPACE,
          "  - name: the-account",
          "    space: " + Harness.SPACE,
          "    account: true",
          ""), StandardCharsets.UTF_8);
      Map<String, String> env = es.environment();
      env.put("MY_AT_TOKEN", Harness.TOKEN);

      Harness.Run run = h.run(env, "--config", file.toString(), "--max-concurrent-sessions", "2");

      assertThat(run.code()).as("%s", run).isEqualTo(ExitCodes.OK);
      ExpectedEvents space = s.expected(Harness.SPACE, false, START, END, OptionalInt.empty());
      ExpectedEvents account = s.expected(Harness.SPACE, true, START, END, OptionalInt.empty());
      Map<String, Long> readBySource = new HashMap<>();
      Matcher m = SOURCE_SUMMARY.matcher(run.out());
      while (m.find()) {
        readBySource.put(m.group(1), Long.parseLong(m.group(2)));
      }
      assertThat(readBySource).containsOnly(Map.entry("the-space", space.count()),
          Map.entry("the-account", account.count()));
      assertThat(run.out()).contains("at-connector ingest sources: 2 run, 2 ok, 0 failed");

      List<String> ids = h.eventIds();
      Set<String> expected = new HashSet<>(space.ids());
      expected.addAll(account.ids());
      assertThat(ids).hasSize(expected.size());
      assertThat(new HashSet<>(ids)).isEqualTo(expected);
      assertThat(s.stats().sessions().open()).as("open sessions").isEmpty();
      assertThat(s.stats().sessions().created()).isEqualTo(2);

      List<Checkpoint> checkpoints = new CheckpointStore(h.rest, h.checkpointIndex()).all();
      assertThat(checkpoints).hasSize(2).allSatisfy(c -> {
        assertThat(c.completedThrough()).contains(END);
        assertThat(c.lease()).isEmpty();
      });
      assertThat(run.out() + run.err()).doesNotContain(Harness.TOKEN);
    }
  }

  /** Issue 16: a one-shot run reports a source another live process holds, and that is not a failure. */
  @Test
  void aSourceHeldByAnotherProcessIsReportedNotFailed(EsEndpoint es, @TempDir Path dir) throws IOException {
    try (Harness h = new Harness(es, "multiheld");
        Simulator s = Simulator.builder().seed(12).eventsPerDay(30).gzipLevel(1)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = StopIT.sourcesFile(dir, s, h, START, END.toString(), List.of("mine", "theirs"));
      CheckpointStore store = new CheckpointStore(h.rest, h.checkpointIndex());
      store.ensureIndex();
      java.time.Instant until = java.time.Instant.now().plusSeconds(600);
      store.create(Checkpoint.fresh(StopIT.idOf(s, h, "theirs"), START, END, java.time.Instant.now())
          .withLease(java.util.Optional.of(new Checkpoint.Lease("other-host/5/alive", until))));
      Map<String, String> env = es.environment();
      env.put("AT_TOKEN", Harness.TOKEN);

      Harness.Run run = h.run(env, "--config", file.toString());

      assertThat(run.code()).as("%s", run).isEqualTo(ExitCodes.OK);
      assertThat(run.err()).contains("source=theirs").contains("is held by other-host/5/alive");
      assertThat(run.out()).contains("at-connector ingest sources: 2 run, 1 ok, 1 held by another process, 0 failed");
      assertThat(s.sessionLog()).allMatch(e -> e.spaceId().equals("mine"));
      assertThat(store.get(StopIT.idOf(s, h, "theirs")).orElseThrow().checkpoint().lease())
          .map(Checkpoint.Lease::owner).contains("other-host/5/alive");
    }
  }

  @Test
  void aBadSourcesFileIsAUsageErrorNamingFileLineAndKey(EsEndpoint es, @TempDir Path dir) throws IOException {
    try (Harness h = new Harness(es, "multibad")) {
      Path file = dir.resolve("bad.yml");
      Files.writeString(file, "sources:\n  - name: a\n    spcae: x\n    start: 2019-06-01\n    token_env: T\n"
          + "    endpoint: https://example.invalid\n", StandardCharsets.UTF_8);
      Harness.Run run = h.run(Map.of("ES_URL", es.uri().toString()), "--config", file.toString());
      assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("bad.yml:3").contains("spcae").contains("space");
    }
  }
}
