package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleNodeTest {
  @TempDir Path dir;

  @Test
  void stopsAProcessLeftRunningForTheSameWorkDir() throws IOException {
    // stands in for an orphaned node: its command line names the work dir, as ES's does
    Process orphan = new ProcessBuilder("/bin/sh", "-c", "sleep 600", dir.toString()).start();
    StaleNode.record(dir, orphan);

    StaleNode.stopLeftovers(dir);

    assertThat(orphan.onExit()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(dir.resolve(StaleNode.FILE)).doesNotExist();
  }

  @Test
  void leavesAloneAProcessOfAnotherDirectory() throws IOException {
    Process other = new ProcessBuilder("/bin/sh", "-c", "sleep 600", "/somewhere/else").start();
    try {
      Files.writeString(dir.resolve(StaleNode.FILE), Long.toString(other.pid()), StandardCharsets.UTF_8);

      StaleNode.stopLeftovers(dir);

      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }
}
