package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The packaged connector as a child JVM, as a user or a scheduler runs it; its output goes to files. */
final class ChildConnector {
  final Process process;
  private final Path out;
  private final Path err;

  private ChildConnector(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code at-connector ingest --index-prefix <prefix> ARGS} against the simulator and the harness's ES. The
   * children read slowed test downloads: C1 only and the serial collector spare ~2 s CPU of each start (4.9 s to
   * 2.9 s measured), which the tests sat through, without changing what the connector does.
   */
  static ChildConnector start(Harness h, Simulator s, Path dir, String name, String... args) throws IOException {
    Map<String, String> es = new HashMap<>(h.es.environment());
    es.put("AT_CHECKPOINT_INDEX", h.checkpointIndex());
    return start(h, s, dir, name, es, args);
  }

  /**
   * As {@link #start(Harness, Simulator, Path, String, String...)} with the Elasticsearch side of the environment
   * given ({@code ES_URL}, the credential, {@code ES_CA_CERT}, {@code AT_CHECKPOINT_INDEX}, ...): e.g. a user other
   * than the harness's.
   */
  static ChildConnector start(Harness h, Simulator s, Path dir, String name, Map<String, String> es, String... args)
      throws IOException {
    Path jar = Paths.get("target", "at-connector.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "ingest", "--index-prefix",
        h.prefix));
    cmd.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("AT_TOKEN", Harness.TOKEN);
    pb.environment().put("AT_ENDPOINT", s.baseUrl());
    pb.environment().put("AT_SPACE_ID", Harness.SPACE);
    pb.environment().putIfAbsent("AT_DESTINATION", "monthly");
    pb.environment().putIfAbsent("AT_BACKOFF_SCALE", Harness.BACKOFF_SCALE);
    pb.environment().putAll(es);
    return new ChildConnector(pb.start(), out, err);
  }

  /**
   * Waits (at most 3 minutes) until {@code moment} holds while the process runs, then kills it with SIGKILL: no
   * shutdown hook, no signal handler, no cleanup. Fails at once if the process ends by itself first.
   */
  void killWhen(Callable<Boolean> moment) throws IOException, InterruptedException {
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
          .failFast("the connector ended before the moment to kill it", () -> !process.isAlive())
          .ignoreExceptions()
          .until(moment);
    } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "\n" + describe(), e);
    } finally {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  String stdout() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }

  String describe() throws IOException {
    return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
  }
}
