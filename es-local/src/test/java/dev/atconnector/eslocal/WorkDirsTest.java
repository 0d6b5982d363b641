package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {
  @TempDir Path tmp;

  @Test
  void tailReturnsOnlyTheLastLines() throws IOException {
    Path log = tmp.resolve("console.log");
    Files.writeString(log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i)
        .collect(Collectors.joining("\n")), StandardCharsets.UTF_8);
    assertThat(WorkDirs.tail(log, 3)).isEqualTo("line 98\nline 99\nline 100");
    assertThat(WorkDirs.tail(tmp.resolve("missing.log"), 3)).contains("does not exist");
  }

  @Test
  void prepareCopiesConfigCreatesRunDirsAndWipesOldState() throws IOException {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("config/jvm.options.d"));
    Files.writeString(home.resolve("config/elasticsearch.yml"), "# empty", StandardCharsets.UTF_8);
    Path work = tmp.resolve("work");
    Files.createDirectories(work.resolve("data/old"));
    Files.createDirectories(work.resolve("logs"));
    Files.writeString(work.resolve("logs/http.ports"), "127.0.0.1:1", StandardCharsets.UTF_8);

    WorkDirs.Prepared prepared = WorkDirs.prepare(work, home, RunAs.sameUser(), true);
    Path dir = prepared.dir();

    assertThat(prepared.temporary()).isFalse();

    assertThat(dir).isEqualTo(work.toAbsolutePath());
    assertThat(dir.resolve("config/elasticsearch.yml")).exists();
    assertThat(dir.resolve("config/jvm.options.d")).isDirectory();
    assertThat(dir.resolve("data/old")).doesNotExist();
    assertThat(dir.resolve("logs/http.ports")).doesNotExist();
    assertThat(dir.resolve("tmp")).isDirectory();
  }

  @Test
  void rootRunFallsBackToTempDirWhenNobodyCannotEnterTheWorkDir() throws IOException {
    RunAs runAs = RunAs.detect();
    org.junit.jupiter.api.Assumptions.assumeTrue(runAs.dropsRoot(), "only meaningful as root");
    Path closed = tmp.resolve("closed");
    Files.createDirectories(closed);
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("config"));

    WorkDirs.Prepared prepared = WorkDirs.prepare(closed.resolve("es"), home, runAs, true);
    Path dir = prepared.dir();

    assertThat(dir.startsWith(closed)).as("%s is outside %s", dir, closed).isFalse();
    assertThat(runAs.canTraverse(dir)).isTrue();
    assertThat((Integer) Files.getAttribute(dir.resolve("data"), "unix:uid")).isEqualTo(RunAs.NOBODY);
    assertThat(prepared.temporary()).isTrue();
    WorkDirs.cleanUp(prepared);
    assertThat(dir).doesNotExist();
  }
}
