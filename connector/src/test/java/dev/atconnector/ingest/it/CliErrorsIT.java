package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.MutableClock;
import dev.atconnector.ingest.cli.CliCapture;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and refused credentials: each a one-line error with its exit code, and never a secret in any output. */
class CliErrorsIT {
  private static final String TOKEN = "errors-it-token-not-for-output";
  private static final String API_KEY = "errors-it-api-key-not-for-output";
  private static final String SPACE = "cli-space";

  private static Simulator.Builder sim() {
    return Simulator.builder().seed(3).eventsPerDay(100).token(TOKEN, "bob@example.com").apiKey(API_KEY,
        "bob@example.com");
  }

  private static CliCapture cli(Simulator s) {
    return new CliCapture(Map.of("AT_TOKEN", TOKEN, "AT_ENDPOINT", s.baseUrl(), "AT_SPACE_ID", SPACE));
  }

  private static void assertFails(CliCapture.Result r, int code, String... mentions) {
    assertThat(r.code()).as(r.toString()).isEqualTo(code);
    assertThat(r.oneLineError()).as("one-line error: %s", r.err()).isTrue();
    assertThat(r.err()).startsWith("at-connector: ").contains(mentions);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void badDatesAndRangesAreUsageErrorsBeforeAnyRequest() {
    try (Simulator s = sim().start(); CliCapture cli = cli(s)) {
      assertFails(cli.run("session", "create", "-s", "2019-13-01"), ExitCodes.USAGE, "--start", "YYYY-MM-DD");
      assertFails(cli.run("status", "-e", "yesterday"), ExitCodes.USAGE, "--end", "YYYY-MM-DD");
      assertFails(cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-20"), ExitCodes.USAGE,
          "20 days", "at most 15", "-e 2019-07-15");
      assertFails(cli.run("status", "-s", "2019-07-01", "-e", "2019-07-16"), ExitCodes.USAGE, "at most 15");
      assertFails(cli.run("session", "create", "-s", "2019-07-02", "-e", "2019-07-01"), ExitCodes.USAGE,
          "before --start");
      assertFails(cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-01", "-T", "24"),
          ExitCodes.USAGE, "--hour", "0 and 23");
      assertFails(cli.run("session", "prune", "--older-than", "0s"), ExitCodes.USAGE, "--older-than");
      assertThat(s.stats().sessions().created()).isZero();
    }
  }

  @Test
  void anUnknownSessionIsASourceFailureAndLeavesNoFile(@TempDir Path dir) throws IOException {
    try (Simulator s = sim().start(); CliCapture cli = cli(s)) {
      assertFails(cli.run("session", "show", "no-such-session"), ExitCodes.SOURCE, "404", "no-such-session");
      assertFails(cli.run("session", "delete", "no-such-session"), ExitCodes.SOURCE, "404");
      assertFails(cli.run("download", "-o", dir.resolve("x.gz").toString(), "no-such-session"), ExitCodes.SOURCE,
          "404");
      assertNoFiles(dir);
    }
  }

  @Test
  void aDownloadCutShortLeavesNoFileThatLooksComplete(@TempDir Path dir) throws IOException {
    try (Simulator s = sim().eventsPerDay(3000).faults(CliCommandsIT.cutEveryDownload()).start();
        CliCapture cli = cli(s)) {
      String id = cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-01", "--output", "json").out()
          .replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");
      assertFails(cli.run("download", "-o", dir.resolve("events.gz").toString(), id), ExitCodes.SOURCE, "download");
      assertNoFiles(dir);
      assertThat(s.stats().downloads().started()).isEqualTo(1);
    }
  }

  @Test
  void anOutputFileInAMissingDirectoryIsAUsageErrorBeforeTheDownload(@TempDir Path dir) {
    try (Simulator s = sim().start(); CliCapture cli = cli(s)) {
      assertFails(cli.run("download", "-o", dir.resolve("missing/events.gz").toString(), "some-id"),
          ExitCodes.USAGE, "-o", "does not exist");
      assertThat(s.stats().downloads().started()).isZero();
    }
  }

  @Test
  void aWrongOrExpiredTokenIsAnAuthFailure() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (Simulator s = sim().tokenLifetime(Duration.ofMinutes(10)).clock(clock).start(); CliCapture cli = cli(s)) {
      String issued = uaaToken(s, API_KEY);
      clock.advance(Duration.ofMinutes(11));
      cli.env("AT_TOKEN", issued);
      assertFails(cli.run("session", "list"), ExitCodes.AUTH, "401", "token_expired", "AT_TOKEN");
      cli.env("AT_TOKEN", "wrong-token-value");
      assertFails(cli.run("status"), ExitCodes.AUTH, "401", "invalid_token");
      assertThat(cli.everything()).doesNotContain(issued, "wrong-token-value");
    }
  }

  @Test
  void anApiKeyIsExchangedAtUaaAndABadOneIsAnAuthFailure() {
    try (Simulator s = sim().start();
        CliCapture cli = new CliCapture(Map.of("AT_API_KEY", API_KEY, "AT_ENDPOINT", s.baseUrl(),
            "AT_SPACE_ID", SPACE))) {
      CliCapture.Result ok = cli.run("session", "list");
      assertThat(ok.code()).as(ok.toString()).isEqualTo(ExitCodes.OK);
      cli.env("AT_API_KEY", "bad-api-key-value");
      assertFails(cli.run("session", "list"), ExitCodes.AUTH, "API key", "AT_API_KEY");
      assertThat(cli.everything()).doesNotContain(API_KEY, "bad-api-key-value");
    }
  }

  @Test
  void aWrongRegionIsAUsageErrorListingTheValidOnes() {
    try (Simulator s = sim().start();
        CliCapture cli = new CliCapture(Map.of("AT_TOKEN", TOKEN, "AT_SPACE_ID", SPACE))) {
      assertFails(cli.run("status", "--region", "mars"), ExitCodes.USAGE, "--region", "'mars'",
          "us-south, eu-gb, eu-de, au-syd");
      assertFails(cli.run("session", "list"), ExitCodes.USAGE, "--region", "--endpoint");
      // --endpoint overrides a valid region: the simulator answers
      CliCapture.Result r = cli.run("session", "list", "--region", "eu-de", "--endpoint", s.baseUrl());
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
    }
  }

  @Test
  void anUnusableCaCertificateIsAUsageError(@TempDir Path dir) throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    try (Simulator s = sim().start(); CliCapture cli = cli(s)) {
      assertFails(cli.run("session", "list", "--ca-cert", notPem.toString()), ExitCodes.USAGE, "--ca-cert",
          "PEM");
      assertFails(cli.run("session", "list", "--ca-cert", dir.resolve("none.pem").toString()), ExitCodes.USAGE,
          "--ca-cert", "cannot be read");
    }
  }

  @Test
  void noCommandEverPrintsOrLogsTheTokenOrTheApiKey(@TempDir Path dir) {
    try (Simulator s = sim().faults(new Faults(1, 0, 0, 1, 0, 0, 1, false, 0, 0)).start();
        CliCapture cli = cli(s)) {
      runEveryCommand(cli, dir);
      cli.env("AT_TOKEN", "").env("AT_API_KEY", API_KEY);
      runEveryCommand(cli, dir);
      cli.env("AT_API_KEY", "bad-" + API_KEY);
      cli.run("session", "list");
      assertThat(cli.logLines()).as("the runs logged something to check").isPositive();
      assertThat(cli.everything()).contains("bob@example.com", "Delete session success").doesNotContain(TOKEN)
          .doesNotContain(API_KEY);
    }
  }

  private static void runEveryCommand(CliCapture cli, Path dir) {
    cli.run("status", "-s", "2019-07-01", "-e", "2019-07-01");
    String id = cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-01", "--output", "json").out()
        .replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");
    cli.run("session", "list");
    cli.run("session", "show", id);
    cli.run("download", "-o", dir.resolve("e.gz").toString(), id);
    cli.run("download", id);
    cli.run("session", "delete", id);
    cli.run("session", "delete", id);
    cli.run("session", "prune");
    cli.run("session", "create", "-s", "2019-07-01", "-e", "2019-07-30");
  }

  private static void assertNoFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  /** A token from the simulator's UAA endpoint (reference A.8), as a user of `ibmcloud iam oauth-tokens` has. */
  private static String uaaToken(Simulator s, String apiKey) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(s.baseUrl() + "/UAALoginServerWAR/oauth/token"))
        .header("Authorization", "Basic Y2Y6")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=apikey&password=" + apiKey))
        .timeout(Duration.ofSeconds(30))
        .build();
    HttpResponse<String> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body()).path("access_token").asText();
  }
}
