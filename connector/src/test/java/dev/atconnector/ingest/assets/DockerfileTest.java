package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.assets.Dockerfile.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Dockerfile: pinned bases, a build that sees every module, non-root runtime images with health checks. */
class DockerfileTest {
  private static final Path ROOT = Repo.root();
  private static final Dockerfile FILE = Dockerfile.load(ROOT.resolve("Dockerfile"));

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  private static List<String> matches(String text, String regex) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void everyBaseImageIsPinnedToAVersion() {
    for (String name : FILE.stageNames()) {
      String base = FILE.stage(name).base();
      if (!FILE.isStage(base)) {
        assertThat(base).as("stage %s", name).matches("[^:]+:\\d[^:]*").doesNotContain("latest");
      }
    }
  }

  @Test
  void theBuildStageCopiesEveryModuleOfTheReactor() throws IOException {
    List<String> copies = FILE.stage("build").all("COPY");
    for (String module : matches(read("pom.xml"), "<module>([^<]+)</module>")) {
      assertThat(copies).as("module %s", module).anySatisfy(c -> assertThat(c).startsWith(module + "/pom.xml"));
      assertThat(copies).as("module %s", module).anySatisfy(c -> assertThat(c).startsWith(module + "/src"));
    }
    // the connector jar bundles ../mappings (and setup imports ../dashboards)
    assertThat(copies).anySatisfy(c -> assertThat(c).startsWith("mappings "));
    assertThat(copies).anySatisfy(c -> assertThat(c).startsWith("dashboards "));
  }

  @Test
  void everyPathTheBuildCopiesExistsAndIsNotDockerIgnored() throws IOException {
    List<String> ignored = read(".dockerignore").lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (String copy : FILE.stage("build").all("COPY")) {
      String[] parts = copy.split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        String src = parts[i];
        assertThat(ROOT.resolve(src)).as("COPY %s", src).exists();
        for (String pattern : ignored) {
          String bare = pattern.replace("**/", "").replaceAll("/$", "");
          if (!bare.contains("*")) {
            assertThat(src.equals(bare) || src.startsWith(bare + "/") || src.contains("/" + bare + "/"))
                .as("COPY %s is excluded by .dockerignore '%s'", src, pattern).isFalse();
          }
        }
      }
    }
    assertThat(ignored).contains("**/target/", ".git/");
  }

  @ParameterizedTest
  @CsvSource({"connector, connector/pom.xml", "simulator, simulator/pom.xml"})
  void eachRuntimeImageRunsItsShadedJarAsANumericNonRootUserWithAHealthCheck(String target, String pom)
      throws IOException {
    Stage stage = FILE.stage(target);
    List<String> users = stage.all("USER");
    assertThat(users).as("%s sets USER", target).isNotEmpty();
    String uid = users.get(users.size() - 1).split(":")[0];
    assertThat(uid).as("numeric user of %s", target).matches("\\d+");
    assertThat(Integer.parseInt(uid)).isPositive();
    assertThat(stage.all("HEALTHCHECK")).as("%s HEALTHCHECK", target).singleElement().asString()
        .contains("CMD ").contains("127.0.0.1:");

    String jar = matches(read(pom), "<outputFile>\\$\\{project.build.directory}/([^<]+\\.jar)</outputFile>").get(0);
    assertThat(stage.all("ENTRYPOINT")).singleElement().asString().contains("/app/" + jar);
    assertThat(stage.all("COPY")).anySatisfy(c -> assertThat(c).contains(jar).endsWith("/app/" + jar));
    String base = stage.base();
    assertThat(FILE.isStage(base) ? FILE.stage(base).base() : base).contains("-jre");
  }

  @Test
  void theConnectorHealthCheckUsesTheMetricsPortItExposes() {
    Stage stage = FILE.stage("connector");
    assertThat(stage.all("ENV")).contains("AT_METRICS_PORT=9464");
    assertThat(stage.all("EXPOSE")).contains("9464");
    assertThat(stage.all("HEALTHCHECK").get(0)).contains("${AT_METRICS_PORT}/health/live");
  }
}
