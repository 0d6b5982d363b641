package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import dev.atconnector.ingest.metrics.Readiness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit codes: one per failure class, documented by the same code that maps failures to them. */
class ExitCodeTest {
  @Test
  void theReadmeTableIsTheOneGeneratedFromTheCodes() throws IOException {
    Path readme = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(readme.resolve("README.md")) || !Files.isDirectory(readme.resolve("connector"))) {
      readme = readme.getParent();
    }
    String text = Files.readString(readme.resolve("README.md"), StandardCharsets.UTF_8);
    int start = text.indexOf("\n", text.indexOf("<!-- exit-codes:start")) + 1;
    int end = text.indexOf("<!-- exit-codes:end -->");
    assertThat(text.substring(start, end))
        .as("README.md's exit-code table; paste the expected text between the exit-codes markers")
        .isEqualTo(ExitCode.markdownTable());
  }

  @Test
  void theNumbersAreTheOnesScriptsKnowAndEachIsDistinct() {
    assertThat(Stream.of(ExitCode.values()).mapToInt(ExitCode::code))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 130);
  }

  /** status × side → kind → exit code, retryable, and the readiness state of the side after it. */
  @ParameterizedTest(name = "{0} answering {1}: {2}, exit {3}")
  @CsvSource({
      "ACTIVITY_TRACKER, 0, UNAVAILABLE, 4, true, UNREACHABLE",
      "ACTIVITY_TRACKER, 401, AUTH, 3, false, AUTH_FAILED",
      "ACTIVITY_TRACKER, 403, AUTH, 3, false, AUTH_FAILED",
      "ACTIVITY_TRACKER, 404, REJECTED, 4, false, UP",
      "ACTIVITY_TRACKER, 429, UNAVAILABLE, 4, true, UNREACHABLE",
      "ACTIVITY_TRACKER, 503, UNAVAILABLE, 4, true, UNREACHABLE",
      "IAM, 400, AUTH, 3, false, AUTH_FAILED",
      "IAM, 500, UNAVAILABLE, 4, true, UNREACHABLE",
      "ELASTICSEARCH, 0, UNAVAILABLE, 5, true, UNREACHABLE",
      "ELASTICSEARCH, 401, AUTH, 3, false, AUTH_FAILED",
      "ELASTICSEARCH, 403, AUTH, 3, false, AUTH_FAILED",
      "ELASTICSEARCH, 400, REJECTED, 5, false, UP",
      "ELASTICSEARCH, 409, CONFLICT, 6, false, UP",
      "ELASTICSEARCH, 413, REJECTED, 5, false, UP",
      "ELASTICSEARCH, 429, UNAVAILABLE, 5, true, UNREACHABLE",
      "ELASTICSEARCH, 500, UNAVAILABLE, 5, true, UNREACHABLE",
      "KIBANA, 0, UNAVAILABLE, 5, true, UNREACHABLE",
      "KIBANA, 401, AUTH, 3, false, AUTH_FAILED",
      "KIBANA, 403, AUTH, 3, false, AUTH_FAILED",
      "KIBANA, 400, REJECTED, 5, false, UP",
      "KIBANA, 503, UNAVAILABLE, 5, true, UNREACHABLE",
  })
  void aFailureHasOneExitCodeRetryPolicyAndReadiness(Side side, int status, Kind kind, int exit, boolean retryable,
      Readiness.State state) {
    Failure failure = Failure.http(side, status);

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(ExitCode.of(failure).code()).isEqualTo(exit);
    assertThat(failure.retryable()).isEqualTo(retryable);
    assertThat(Readiness.stateAfter(failure)).isEqualTo(state);
  }

  @Test
  void localFailuresAreUsageOrBugs() {
    assertThat(ExitCode.of(Failure.of(Side.LOCAL, Kind.BAD_DATA))).isEqualTo(ExitCode.USAGE);
    assertThat(ExitCode.of(Failure.of(Side.LOCAL, Kind.BUG))).isEqualTo(ExitCode.INTERNAL);
    assertThat(ExitCode.of(Failure.of(Side.ELASTICSEARCH, Kind.BUG))).isEqualTo(ExitCode.INTERNAL);
  }
}
