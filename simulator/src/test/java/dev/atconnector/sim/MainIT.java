package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shaded jar as a separate process: the one stdout line, a working server, SIGTERM, usage errors. */
class MainIT {
  private static final Path JAR = Path.of("target", "at-simulator.jar");
  private static final Pattern LINE = Pattern.compile("at-simulator listening on (http://127\\.0\\.0\\.1:(\\d+))");

  private static Process launch(Path stderr, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[args.length + 4];
    command[0] = java;
    command[1] = "-Xmx128m";
    command[2] = "-jar";
    command[3] = JAR.toString();
    System.arraycopy(args, 0, command, 4, args.length);
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  @Test
  void printsOneLineServesAndStopsOnSigterm() throws Exception {
    assertThat(JAR).exists();
    Path stderr = Files.createTempFile("at-sim", ".err");
    Process process = launch(stderr, "--port", "0", "--token", "cli-secret=carol@example.com", "--events-per-day", "5");
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = stdout.readLine();
      Matcher matcher = LINE.matcher(line == null ? "" : line);
      assertThat(matcher.matches()).as("first stdout line: %s", line).isTrue();
      assertThat(Integer.parseInt(matcher.group(2))).isPositive();

      SimHttp http = new SimHttp(matcher.group(1));
      SimHttp.Reply created = http.api("POST", "/v3/sessions", "", "cli-secret", "space-1");
      assertThat(created.status()).isEqualTo(200);
      assertThat(created.json().get("username").asText()).isEqualTo("carol@example.com");

      process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
      assertThat(stdout.readLine()).as("nothing else on stdout until the end").isNull();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(stderr, StandardCharsets.UTF_8);
      assertThat(log).contains("stopped").contains("session").doesNotContain("cli-secret");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }

  @Test
  void aBadOptionExitsWithAUsageErrorNamingIt() throws Exception {
    Path stderr = Files.createTempFile("at-sim", ".err");
    Process process = launch(stderr, "--port", "0", "--gzip-level", "11");
    try {
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(process.getInputStream().readAllBytes()).isEmpty();
      assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).contains("--gzip-level must be 1..9");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(stderr);
    }
  }
}
