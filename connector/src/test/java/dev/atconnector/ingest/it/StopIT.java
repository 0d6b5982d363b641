package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.eslocal.LocalElasticsearch;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "stop means stop": SIGTERM to an {@code ingest --config --follow} process ends it with exit 0 within the
 * stop budget (9 s, inside a container runtime's default 10 s grace) whatever it is doing: between passes, waiting
 * for a source another process holds, inside a window, and while the flush waits on Elasticsearch. Afterwards no
 * session is open on the simulator, no lease of this process is left, and every checkpoint is consistent.
 */
@ExtendWith(ElasticsearchExtension.class)
class StopIT {
  /** The stop budget (RunStop.BUDGET) plus a second for the JVM to end and the test to see it. */
  private static final long EXIT_WITHIN_MS = 10_000;
  private static final String FOREIGN = "other-host/77/still-alive";

  /** A sources file of one source per space, from {@code start} to today. */
  static Path sourcesFile(Path dir, Simulator s, Harness h, LocalDate start, List<String> spaces) throws IOException {
    return sourcesFile(dir, s, h, start, "today", spaces);
  }

  static Path sourcesFile(Path dir, Simulator s, Harness h, LocalDate start, String end, List<String> spaces)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of("defaults:", "  endpoint: " + s.baseUrl(), "  token_env: AT_TOKEN",
        "  index_prefix: " + h.prefix, "  start: " + start, "  end: " + end, "sources:"));
    for (String space : spaces) {
      lines.add("  - name: " + space);
      lines.add("    space: " + space);
    }
    Path file = dir.resolve("sources.yml");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  static SourceId idOf(Simulator s, Harness h, String space) {
    return new SourceId(SourceId.hostOf(URI.create(s.baseUrl())), space, false, OptionalInt.empty(), h.prefix);
  }

  @Test
  void betweenPassesAndWhileWaitingForASourceAnotherProcessHolds(EsEndpoint es, @TempDir Path dir) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate start = today.minusDays(1);
    try (Harness h = new Harness(es, "stopidle");
        Simulator s = Simulator.builder().seed(41).eventsPerDay(20).gzipLevel(1)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = sourcesFile(dir, s, h, start, List.of("free-a", "free-b", "held-c"));
      CheckpointStore store = new CheckpointStore(h.rest, h.checkpointIndex());
      store.ensureIndex();
      Instant until = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      store.create(Checkpoint.fresh(idOf(s, h, "held-c"), start, today, Instant.now())
          .withLease(Optional.of(new Checkpoint.Lease(FOREIGN, until))));
      // a long poll: once caught up the process sits between passes; and it looks at held-c every few seconds
      ChildConnector c = ChildConnector.start(h, s, dir, "idle", "--config", file.toString(), "--follow",
          "--poll-interval", "1h", "--lease-ttl", "9s");
      Set<String> expected = new HashSet<>(s.expected("free-a", false, start, today, OptionalInt.empty()).ids());
      expected.addAll(s.expected("free-b", false, start, today, OptionalInt.empty()).ids());
      stopOnce(c, () -> {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> new HashSet<>(h.eventIds())
            .equals(expected) && s.stats().sessions().open().isEmpty()
            && s.stats().sessions().created() >= 2);
        assertThat(c.process.isAlive()).as("follows until stopped").isTrue();
        assertThat(c.stderr()).contains("share");
      }, c.process::destroy);
      assertThat(s.stats().sessions().open()).isEmpty();
      assertThat(s.sessionLog()).noneMatch(e -> e.spaceId().equals("held-c"));
      for (String space : List.of("free-a", "free-b")) {
        Checkpoint cp = store.get(idOf(s, h, space)).orElseThrow().checkpoint();
        assertThat(cp.lease()).as("released at the stop: %s", space).isEmpty();
        assertThat(cp.openSession()).isEmpty();
        assertThat(cp.completedThrough()).as("yesterday is done").isPresent();
      }
      assertThat(store.get(idOf(s, h, "held-c")).orElseThrow().checkpoint().lease()).map(Checkpoint.Lease::owner)
          .as("another process's lease is left alone").contains(FOREIGN);
      assertThat(store.snapshot().members()).as("the member document is deleted on the way out").isEmpty();
    }
  }

  @Test
  void insideAWindow(EsEndpoint es, @TempDir Path dir) throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    Faults slow = new Faults(0, 0, 0, 1, 50_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "stopwindow");
        Simulator s = Simulator.builder().seed(42).eventsPerDay(5000).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = sourcesFile(dir, s, h, day, List.of("busy"));
      ChildConnector c = ChildConnector.start(h, s, dir, "window", "--config", file.toString(), "--follow",
          "--poll-interval", "1h", "--lease-ttl", "9s");
      stopOnce(c, () -> {
        await().atMost(Duration.ofSeconds(90)).until(() -> s.stats().downloads().bytes() > 20_000);
        assertThat(s.stats().sessions().open()).hasSize(1);
      }, c.process::destroy);
      assertConsistentAfterAStopInsideAWindow(h, s, "busy", c);
    }
  }

  /**
   * The node is frozen (SIGSTOP) just before the signal, so the flush waits on bulk requests that cannot be
   * answered, and thawed 2 s later: the stop still ends within the budget, with exit 0.
   */
  @Test
  void duringTheFlush(EsEndpoint es, @TempDir Path dir) throws Exception {
    Optional<LocalElasticsearch> node = ElasticsearchExtension.localNode();
    assumeTrue(node.isPresent() && node.get().isRunning(), "needs the Elasticsearch node this JVM started");
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    Faults slow = new Faults(0, 0, 0, 1, 60_000, 0, 1, false, 0, 0);
    try (Harness h = new Harness(es, "stopflush");
        Simulator s = Simulator.builder().seed(43).eventsPerDay(5000).gzipLevel(1).faults(slow)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = sourcesFile(dir, s, h, day, List.of("flushing"));
      ChildConnector c = ChildConnector.start(h, s, dir, "flush", "--config", file.toString(), "--follow",
          "--poll-interval", "1h", "--lease-ttl", "9s", "--flush-interval", "100ms", "--batch-docs", "50");
      long pid = node.get().pid();
      try {
        stopOnce(c, () -> {
          await().atMost(Duration.ofSeconds(90)).until(() -> s.stats().downloads().bytes() > 20_000);
          signal("-STOP", pid);
        }, () -> {
          try {
            c.process.destroy(); // SIGTERM while bulk requests hang
            await().atMost(Duration.ofSeconds(5)).until(() -> c.stderr().contains("stopping gracefully"));
            TimeUnit.SECONDS.sleep(2); // the freeze itself: how long the flush waits on Elasticsearch
          } finally {
            signal("-CONT", pid);
          }
        });
      } finally {
        signal("-CONT", pid);
      }
      assertConsistentAfterAStopInsideAWindow(h, s, "flushing", c);
    }
  }

  /** A step of a test that may throw. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /**
   * Once {@code ready} has passed against the running child, {@code stop} sends it SIGTERM (and whatever goes with
   * it); the child must then exit 0 within the stop budget, counted from the start of {@code stop}. The child is
   * killed whatever happens.
   */
  private static void stopOnce(ChildConnector c, Step ready, Step stop) throws Exception {
    try {
      ready.run();
      long t0 = System.nanoTime();
      stop.run();
      long left = EXIT_WITHIN_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(c.process.waitFor(Math.max(0, left), TimeUnit.MILLISECONDS)).as("exits within the stop budget")
          .isTrue();
    } finally {
      c.process.destroyForcibly();
    }
    assertThat(c.process.exitValue()).as(c.describe()).isEqualTo(ExitCodes.OK);
  }

  /** No session open; the window unfinished (its session recorded as deleted, to take back) or finished; no lease. */
  private static void assertConsistentAfterAStopInsideAWindow(Harness h, Simulator s, String space, ChildConnector c)
      throws IOException {
    assertThat(s.stats().sessions().open()).as(c.describe()).isEmpty();
    assertThat(s.stats().sessions().deleted()).isEqualTo(s.stats().sessions().created());
    Checkpoint cp = new CheckpointStore(h.rest, h.checkpointIndex()).get(idOf(s, h, space)).orElseThrow()
        .checkpoint();
    assertThat(cp.lease()).as("released").isEmpty();
    // left only as "deleted; take back what it stored at the next start"
    cp.openSession().ifPresent(o -> assertThat(o.deleted()).as("open session left: %s", o).isTrue());
    assertThat(c.stdout()).contains("at-connector ingest stopped: source=" + space);
  }

  private static void signal(String which, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
