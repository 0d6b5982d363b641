package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SourceException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void eachFailureClassHasItsExitCode() {
    assertThat(Failures.classify(new SourceException(SourceException.Kind.AUTH, 401, "x", null, null)).exitCode())
        .isEqualTo(ExitCodes.AUTH);
    assertThat(Failures.classify(new SourceException(SourceException.Kind.UNAVAILABLE, "x", null)).exitCode())
        .isEqualTo(ExitCodes.SOURCE);
    assertThat(Failures.classify(new SourceException(SourceException.Kind.CLIENT, 400, "x", null, null))
        .exitCode()).isEqualTo(ExitCodes.SOURCE);
    assertThat(Failures.classify(new SinkException("x", false, null)).exitCode()).isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new SinkException("x", true, null)).exitCode()).isEqualTo(ExitCodes.AUTH);
    assertThat(Failures.classify(new CompletionException(new SinkException("x", false, null))).exitCode())
        .isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new IllegalStateException("bug")).exitCode()).isEqualTo(ExitCodes.INTERNAL);
  }
}
