package dev.atconnector.eslocal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the pids of a node in {@code <workDir>/es.pids}, so that a node orphaned by a killed
 * test JVM (no shutdown hook ran) is stopped by the next start instead of holding the data dir lock.
 * Only processes whose command line names that same work directory are touched.
 */
final class StaleNode {
  private static final Logger LOG = LoggerFactory.getLogger(StaleNode.class);
  static final String FILE = "es.pids";

  private StaleNode() {}

  static void record(Path workDir, Process process) {
    List<Long> pids = new java.util.ArrayList<>(List.of(process.pid()));
    process.descendants().forEach(p -> pids.add(p.pid()));
    try {
      Files.writeString(workDir.resolve(FILE),
          pids.stream().map(String::valueOf).collect(Collectors.joining("\n")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot write {}: a crash of this JVM would leave Elasticsearch running ({})",
          workDir.resolve(FILE), e.toString());
    }
  }

  /** Stops what {@link #record} noted for {@code workDir}, if it is still running there. */
  static void stopLeftovers(Path workDir) {
    Path file = workDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.trim()));
        if (p.isPresent() && p.get().isAlive() && runsIn(p.get(), workDir)) {
          LOG.warn("stopping Elasticsearch pid {} left running in {} by an earlier run", line.trim(), workDir);
          p.get().destroy();
          try {
            p.get().onExit().get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            p.get().destroyForcibly();
          }
        }
      }
      Files.delete(file);
    } catch (IOException | NumberFormatException | java.util.concurrent.ExecutionException e) {
      LOG.warn("cannot check {} for a leftover Elasticsearch: {}", file, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pids get reused: only a process started for this very directory is ours. */
  private static boolean runsIn(ProcessHandle p, Path workDir) {
    String marker = workDir.toAbsolutePath().normalize().toString();
    return p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false);
  }
}
