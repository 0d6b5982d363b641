package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.session.SessionLogEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "done when": three {@code ingest --config --follow} processes share nine sources; one is killed with
 * SIGKILL (the others take its sources over), a fourth joins (it gets its share from the others, handed over at
 * window boundaries), one is stopped with SIGTERM (it releases at once and exits within 30 s). In the end every source
 * holds exactly its expected events, no source ever had two sessions open at once, no session is left open, and the
 * shares were balanced within one source at every step.
 */
@ExtendWith(ElasticsearchExtension.class)
class LeaseShareIT {
  private static final int SOURCES = 9;
  private static final Pattern SUMMARY = Pattern.compile(
      "at-connector ingest sources: 9 in the file, (\\d+) claimed \\((\\d+) taken over\\), (\\d+) handed over, "
          + "0 failed");

  @Test
  void threeProcessesShareNineSourcesThroughAKillAJoinAndAStop(EsEndpoint es, @TempDir Path dir) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate start = today.minusDays(2);
    List<String> spaces = IntStream.rangeClosed(1, SOURCES).mapToObj(i -> "share-" + i).toList();
    try (Harness h = new Harness(es, "share");
        Simulator s = Simulator.builder().seed(51).eventsPerDay(15).gzipLevel(1)
            .token(Harness.TOKEN, "it@example.com").start()) {
      Path file = StopIT.sourcesFile(dir, s, h, start, spaces);
      // capacity 5: two processes can still cover nine sources after the kill. The TTL does not slow the test (a
      // process killed on this host is recognised by its pid) but must outlast a busy CI machine's pauses
      String[] args = {"--config", file.toString(), "--follow", "--poll-interval", "2s", "--lease-ttl", "15s",
          "--max-concurrent-sessions", "5"};
      CheckpointStore store = new CheckpointStore(h.rest, h.checkpointIndex());
      List<ChildConnector> all = new ArrayList<>();
      try {
        ChildConnector p1 = started(all, ChildConnector.start(h, s, dir, "p1", args));
        ChildConnector p2 = started(all, ChildConnector.start(h, s, dir, "p2", args));
        ChildConnector p3 = started(all, ChildConnector.start(h, s, dir, "p3", args));
        awaitShares(store, List.of(p1, p2, p3));

        p1.process.destroyForcibly(); // SIGKILL: no release, its sessions stay open until taken over
        assertThat(p1.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitShares(store, List.of(p2, p3));

        ChildConnector p4 = started(all, ChildConnector.start(h, s, dir, "p4", args));
        awaitShares(store, List.of(p2, p3, p4));

        long t0 = System.nanoTime();
        p2.process.destroy(); // SIGTERM
        assertThat(p2.process.waitFor(30, TimeUnit.SECONDS)).as("the SIGTERM'd process exits within 30 s").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(30);
        assertThat(p2.process.exitValue()).as(p2.describe()).isEqualTo(ExitCodes.OK);
        awaitShares(store, List.of(p3, p4));

        Set<String> expected = new HashSet<>();
        spaces.forEach(sp -> expected.addAll(s.expected(sp, false, start, today, OptionalInt.empty()).ids()));
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
            .until(() -> new HashSet<>(h.eventIds()).equals(expected));
        for (ChildConnector p : List.of(p3, p4)) {
          p.process.destroy();
        }
        for (ChildConnector p : List.of(p3, p4)) {
          assertThat(p.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(p.process.exitValue()).as(p.describe()).isEqualTo(ExitCodes.OK);
        }

        List<String> ids = h.eventIds();
        assertThat(ids).as("each expected id once").hasSize(expected.size());
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
        assertThat(s.stats().sessions().open()).as("no session left open").isEmpty();
        assertNoTwoSessionsOfOneSourceOverlap(s.sessionLog());
        assertThat(store.all()).hasSize(SOURCES).allSatisfy(c -> {
          assertThat(c.lease()).as("released: %s", c.source()).isEmpty();
          assertThat(c.openSession()).isEmpty();
        });
        int takenOver = 0;
        int handedOver = 0;
        for (ChildConnector p : List.of(p2, p3, p4)) {
          Matcher m = SUMMARY.matcher(p.stdout());
          assertThat(m.find()).as(p.describe()).isTrue();
          takenOver += Integer.parseInt(m.group(2));
          handedOver += Integer.parseInt(m.group(3));
        }
        assertThat(takenOver).as("the killed process's three sources were taken over").isGreaterThanOrEqualTo(3);
        assertThat(handedOver).as("the joiner got its share handed over").isGreaterThanOrEqualTo(3);
      } finally {
        all.forEach(p -> p.process.destroyForcibly());
      }
    }
  }

  private static ChildConnector started(List<ChildConnector> all, ChildConnector c) {
    all.add(c);
    return c;
  }

  /** Waits until exactly {@code live} hold all nine sources, each within one of the others. */
  private static void awaitShares(CheckpointStore store, List<ChildConnector> live) throws IOException {
    Set<String> pids = live.stream().map(p -> Long.toString(p.process.pid())).collect(Collectors.toSet());
    try {
      awaitShares(store, pids);
    } catch (ConditionTimeoutException e) {
      StringBuilder logs = new StringBuilder();
      for (ChildConnector p : live) {
        logs.append("\n== pid ").append(p.process.pid()).append(p.process.isAlive() ? "" : " (ended)").append('\n')
            .append(tail(p.stderr(), 60));
      }
      throw new AssertionError("shares never settled on " + pids + ": now " + holders(store) + logs, e);
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().filter(l -> !l.contains("progress:") && !l.contains("IndexTemplates")).toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static void awaitShares(CheckpointStore store, Set<String> pids) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
      Map<String, Integer> held = holders(store);
      int max = held.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      int min = held.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      return held.keySet().equals(pids) && held.values().stream().mapToInt(Integer::intValue).sum() == SOURCES
          && max - min <= 1;
    });
  }

  /** Sources held now, by the pid in the lease owner ({@code host/pid/uuid}). */
  private static Map<String, Integer> holders(CheckpointStore store) {
    Instant now = Instant.now();
    Map<String, Integer> out = new TreeMap<>();
    for (Checkpoint c : store.all()) {
      c.lease().filter(l -> l.heldAt(now)).ifPresent(l -> out.merge(l.owner().split("/")[1], 1, Integer::sum));
    }
    return out;
  }

  private static void assertNoTwoSessionsOfOneSourceOverlap(List<SessionLogEntry> log) {
    Map<String, List<SessionLogEntry>> bySource = log.stream().collect(Collectors.groupingBy(
        e -> e.spaceId() + "/" + e.accountLevel() + "/" + e.hour()));
    assertThat(bySource).hasSize(SOURCES);
    bySource.forEach((source, sessions) -> {
      List<SessionLogEntry> sorted = sessions.stream().sorted(Comparator.comparing(SessionLogEntry::createdAt))
          .toList();
      for (int i = 1; i < sorted.size(); i++) {
        SessionLogEntry prev = sorted.get(i - 1);
        assertThat(prev.deletedAt()).as("%s: session %s deleted", source, prev.id()).isNotNull();
        assertThat(sorted.get(i).createdAt()).as("%s: session %s starts after %s was deleted", source,
            sorted.get(i).id(), prev.id()).isAfterOrEqualTo(prev.deletedAt());
      }
    });
  }
}
