package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.source.SessionRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  private static final String SECRET = "s3cr3t-token-value";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<IngestConfig> captured = new AtomicReference<>();

  private int run(Map<String, String> env, String... args) {
    return Cli.run(args, env, new PrintWriter(out), new PrintWriter(err), cfg -> {
      captured.set(cfg);
      return ExitCodes.OK;
    });
  }

  private static Map<String, String> baseEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1");
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", SECRET);
    env.put("ES_URL", "http://127.0.0.1:2");
    return env;
  }

  @Test
  void everyFlagHasAnEnvironmentVariable() {
    Map<String, String> env = baseEnv();
    env.put("AT_START", "2026-01-01");
    env.put("AT_END", "2026-01-31");
    env.put("AT_HOUR", "7");
    env.put("AT_ACCOUNT", "true");
    env.put("AT_INDEX_PREFIX", "audit-");
    env.put("AT_BATCH_DOCS", "500");
    env.put("AT_BATCH_SIZE", "1mb");
    env.put("AT_CONCURRENCY", "1");
    env.put("AT_TIMEOUT", "10m");

    assertThat(run(env, "ingest")).isEqualTo(0);

    IngestConfig c = captured.get();
    assertThat(c.endpoint()).hasToString("http://127.0.0.1:1");
    assertThat(c.spaceId()).isEqualTo("space-1");
    assertThat(c.accountLevel()).isTrue();
    assertThat(c.start()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(c.hour()).hasValue(7);
    assertThat(c.indexPrefix()).isEqualTo("audit-");
    assertThat(c.deadLetterIndex()).isEqualTo("audit-dead-letter");
    assertThat(c.sink().maxDocs()).isEqualTo(500);
    assertThat(c.sink().maxBytes()).isEqualTo(1024 * 1024);
    assertThat(c.sink().maxConcurrentRequests()).isEqualTo(1);
    assertThat(c.timeout()).hasValue(Duration.ofMinutes(10));
    assertThat(c.token()).isPresent();
    assertThat(c.uaaUrl()).hasToString("http://127.0.0.1:1/UAALoginServerWAR/oauth/token");
  }

  @Test
  void bulkCompressionIsOnByDefaultAndCanBeSwitchedOff() {
    assertThat(run(baseEnv(), "ingest")).isEqualTo(0);
    assertThat(captured.get().esAccess().compress()).isTrue();
    assertThat(run(baseEnv(), "ingest", "--no-es-compress")).isEqualTo(0);
    assertThat(captured.get().esAccess().compress()).isFalse();
    Map<String, String> env = baseEnv();
    env.put("ES_COMPRESS", "false");
    assertThat(run(env, "ingest")).isEqualTo(0);
    assertThat(captured.get().esAccess().compress()).isFalse();
  }

  @Test
  void ingestTrustsAPrivateCaAndRejectsAnUnreadableOne(@TempDir Path dir) {
    assertThat(run(baseEnv(), "ingest")).isEqualTo(0);
    assertThat(captured.get().atCaCert()).isEmpty();
    Path missing = dir.resolve("missing.pem");
    assertThat(run(baseEnv(), "ingest", "--ca-cert", missing.toString())).isEqualTo(0);
    assertThat(captured.get().atCaCert()).contains(missing);
    assertThatThrownBy(() -> dev.atconnector.ingest.app.Clients.atHttp(captured.get()))
        .hasMessageContaining("--ca-cert (AT_CA_CERT)").hasMessageContaining("cannot be read");
  }

  @Test
  void unknownFlagsAndBadValuesAreOneLineNamingThem() {
    assertThat(run(baseEnv(), "ingest", "--no-such-flag")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("--no-such-flag")
        .contains("at-connector ingest --help");
  }

  @Test
  void flagsWinOverEnvironment() {
    Map<String, String> env = baseEnv();
    env.put("AT_SPACE_ID", "from-env");
    assertThat(run(env, "ingest", "--space", "from-flag", "--start", "2026-02-01", "--end", "2026-02-02"))
        .isEqualTo(0);
    assertThat(captured.get().spaceId()).isEqualTo("from-flag");
  }

  @Test
  void defaultRangeIsTheLastFourteenDays() {
    assertThat(run(baseEnv(), "ingest")).isEqualTo(0);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(captured.get().end()).isEqualTo(today);
    assertThat(captured.get().start()).isEqualTo(today.minusDays(13));
  }

  @Test
  void longRangesAreCutIntoSessionsOfAtMostFifteenDays() {
    assertThat(run(baseEnv(), "ingest", "--start", "2026-01-01", "--end", "2026-02-15")).isEqualTo(0);
    List<SessionRequest> w = captured.get().windows();
    assertThat(w).hasSize(4);
    assertThat(w.get(0).start()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(w.get(0).end()).isEqualTo(LocalDate.of(2026, 1, 15));
    assertThat(w.get(3).start()).isEqualTo(LocalDate.of(2026, 2, 15));
    assertThat(w.get(3).end()).isEqualTo(LocalDate.of(2026, 2, 15));
    for (SessionRequest r : w) {
      assertThat(r.end().toEpochDay() - r.start().toEpochDay() + 1).isBetween(1L, 15L);
    }
  }

  @Test
  void tokenComesFromAFileToo(@TempDir Path dir) throws Exception {
    Map<String, String> env = baseEnv();
    env.remove("AT_TOKEN");
    Path f = dir.resolve("token");
    Files.writeString(f, "file-token\n", StandardCharsets.UTF_8);
    assertThat(run(env, "ingest", "--token-file", f.toString())).isEqualTo(0);
    assertThat(captured.get().token().orElseThrow().reveal()).isEqualTo("file-token");
  }

  @Test
  void missingRequiredSettingsNameTheFlagAndVariable() {
    Map<String, String> env = baseEnv();
    env.remove("AT_SPACE_ID");
    assertThat(run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--space (AT_SPACE_ID) is required");
  }

  @Test
  void missingCredentialSaysWhichVariables() {
    Map<String, String> env = baseEnv();
    env.remove("AT_TOKEN");
    assertThat(run(env, "ingest")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("AT_TOKEN").contains("AT_API_KEY");
  }

  @Test
  void badValuesAreRejectedWithTheInputNamed() {
    assertThat(run(baseEnv(), "ingest", "--start", "2026-13-01")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--start (AT_START)").contains("2026-13-01");

    assertThat(run(baseEnv(), "ingest", "--hour", "24")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--hour (AT_HOUR) must be between 0 and 23");

    assertThat(run(baseEnv(), "ingest", "--start", "2026-02-02", "--end", "2026-02-01"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("before --start");

    assertThat(run(baseEnv(), "ingest", "--es-url", "localhost:9200")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--es-url (ES_URL) must be an http(s) URL");

    assertThat(run(baseEnv(), "ingest", "--index-prefix", "Bad*")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--index-prefix");

    assertThat(run(baseEnv(), "ingest", "--batch-size", "lots")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--batch-size (AT_BATCH_SIZE)");

    assertThat(run(baseEnv(), "ingest", "--timeout", "soon")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void credentialsInTheUrlAreRefused() {
    assertThat(run(baseEnv(), "ingest", "--es-url", "http://elastic:pw@localhost:9200"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("must not carry credentials").doesNotContain("pw@");
  }

  @Test
  void secretsNeverAppearInOutputOrConfigText() {
    run(baseEnv(), "ingest");
    assertThat(captured.get().toString()).doesNotContain(SECRET);
    Map<String, String> env = baseEnv();
    env.put("AT_START", "nope");
    run(env, "ingest");
    assertThat(out.toString() + err.toString()).doesNotContain(SECRET);
  }

  @Test
  void helpListsEveryFlagWithItsVariable() {
    assertThat(run(baseEnv(), "ingest", "--help")).isEqualTo(0);
    assertThat(out.toString()).contains("--endpoint", "AT_ENDPOINT", "--es-url", "ES_URL", "--space",
        "AT_SPACE_ID", "Exit codes");
  }

  /** Issue 15: the content-failure policy and the re-read of failed windows, from flags or the environment. */
  @Test
  void errorsToleranceDefaultsToWindowAndRetryFailedExcludesFollowAndReread() {
    assertThat(run(baseEnv(), "ingest")).isEqualTo(0);
    assertThat(captured.get().checkpoint().errorsTolerance())
        .isEqualTo(dev.atconnector.ingest.config.ErrorsTolerance.WINDOW);
    assertThat(captured.get().checkpoint().retryFailed()).isFalse();

    Map<String, String> env = baseEnv();
    env.put("AT_ERRORS_TOLERANCE", "NONE");
    env.put("AT_RETRY_FAILED", "true");
    assertThat(run(env, "ingest")).isEqualTo(0);
    assertThat(captured.get().checkpoint().errorsTolerance())
        .isEqualTo(dev.atconnector.ingest.config.ErrorsTolerance.NONE);
    assertThat(captured.get().checkpoint().retryFailed()).isTrue();

    assertThat(run(baseEnv(), "ingest", "--errors-tolerance", "all")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--errors-tolerance (AT_ERRORS_TOLERANCE) 'all' is not one of none, window");
    assertThat(run(baseEnv(), "ingest", "--retry-failed", "--follow")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--retry-failed (AT_RETRY_FAILED)").contains("--follow");
    assertThat(run(baseEnv(), "ingest", "--retry-failed", "--reread")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--reread (AT_REREAD)");
  }
}
