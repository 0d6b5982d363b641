package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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

  /** Starts {@code at-connector ingest --index-prefix <prefix> ARGS} against the simulator and the harness's ES. */
  static ChildConnector start(Harness h, Simulator s, Path dir, String name, String... args) throws IOException {
    Path jar = Paths.get("target", "at-connector.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-jar", jar.toString(), "ingest", "--index-prefix", h.prefix));
    cmd.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("AT_TOKEN", Harness.TOKEN);
    pb.environment().put("AT_ENDPOINT", s.baseUrl());
    pb.environment().put("AT_SPACE_ID", Harness.SPACE);
    pb.environment().put("AT_CHECKPOINT_INDEX", h.checkpointIndex());
    pb.environment().putIfAbsent("AT_DESTINATION", "monthly");
    pb.environment().putAll(h.es.environment());
    return new ChildConnector(pb.start(), out, err);
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
