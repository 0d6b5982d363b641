package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.app.SourceResult;
import dev.atconnector.ingest.app.SourceResult.How;
import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How the CLI maps a run's outcome to exit codes and the sources line (the run itself is faked). */
class IngestRunTest {
  private static final IngestSummary TEN = new IngestSummary(10, 10, 0, 0, 100, 1, 1.0);
  private static final List<SessionRequest> ONE_WINDOW = List.of(
      new SessionRequest(LocalDate.of(2019, 6, 1), LocalDate.of(2019, 6, 1), false, OptionalInt.empty()));

  private final StringWriter out = new StringWriter();
  private final IngestRun run = new IngestRun(new PrintWriter(out), new PrintWriter(new StringWriter()), false,
      new SimpleMeterRegistry());

  private static SourceResult ended(String name, How how) {
    return new SourceResult(name, how, TEN, List.of(), Optional.empty(), false);
  }

  private static SourceResult partial(String name) {
    return new SourceResult(name, How.DONE, TEN, ONE_WINDOW, Optional.empty(), false);
  }

  private static SourceResult failed(String name, How how, Throwable e) {
    return new SourceResult(name, how, TEN, List.of(), Optional.of(e), false);
  }

  private static CheckpointException lease(CheckpointException.Kind kind) {
    return new CheckpointException(kind, 0, "held by host/1/x", null);
  }

  @Test
  void eachWayASourceEndsHasItsExitCode() {
    assertThat(IngestRun.code(ended("a", How.DONE), false)).isEqualTo(ExitCodes.OK);
    assertThat(IngestRun.code(ended("a", How.HANDED_OVER), false)).isEqualTo(ExitCodes.OK);
    assertThat(IngestRun.code(ended("a", How.STOPPED), false)).isEqualTo(ExitCodes.OK);
    assertThat(IngestRun.code(ended("a", How.NOT_STARTED), false)).isEqualTo(ExitCodes.OK);
    assertThat(IngestRun.code(partial("a"), false)).isEqualTo(ExitCodes.WINDOWS_FAILED);
    assertThat(IngestRun.code(partial("a"), true)).as("a follow process reports them through readiness")
        .isEqualTo(ExitCodes.OK);
    assertThat(IngestRun.code(failed("a", How.HELD, lease(CheckpointException.Kind.LEASED)), false))
        .isEqualTo(ExitCodes.LEASED);
    assertThat(IngestRun.code(failed("a", How.LOST, lease(CheckpointException.Kind.TAKEN_OVER)), false))
        .isEqualTo(ExitCodes.LEASED);
    assertThat(IngestRun.code(failed("a", How.FAILED,
        new SourceException(SourceException.Kind.AUTH, 401, "refused", null, null)), false))
        .isEqualTo(ExitCodes.AUTH);
    assertThat(IngestRun.code(failed("a", How.FAILED,
        new SourceException(SourceException.Kind.UNAVAILABLE, "down", null)), false)).isEqualTo(ExitCodes.SOURCE);
    assertThat(IngestRun.code(failed("a", How.FAILED, new SinkException("es down", false, null)), false))
        .isEqualTo(ExitCodes.SINK);
    assertThat(IngestRun.code(failed("a", How.FAILED, new InterruptedException()), false))
        .isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(IngestRun.code(failed("a", How.FAILED, new IllegalStateException("a bug")), false))
        .isEqualTo(ExitCodes.INTERNAL);
  }

  @Test
  void theSourcesLineCountsEachOutcomeAndHeldOrNotStartedIsNoFailure() {
    int code = run.sourcesLine(List.of(ended("a", How.DONE), partial("b"),
        failed("c", How.HELD, lease(CheckpointException.Kind.LEASED)), ended("d", How.NOT_STARTED)));

    assertThat(code).as("failed windows, nothing failed").isEqualTo(ExitCodes.WINDOWS_FAILED);
    assertThat(out.toString()).isEqualTo("at-connector ingest sources: 4 run, 2 ok, 1 with failed windows, 1 held by "
        + "another process, 1 not started (stopped), 0 failed" + System.lineSeparator());
  }

  @Test
  void theCodeOfSeveralSourcesIsTheFirstFailingSources() {
    int code = run.sourcesLine(List.of(partial("a"),
        failed("b", How.FAILED, new SinkException("es down", false, null)),
        failed("c", How.FAILED, new SourceException(SourceException.Kind.UNAVAILABLE, "down", null))));

    assertThat(code).isEqualTo(ExitCodes.SINK);
    assertThat(out.toString()).startsWith("at-connector ingest sources: 3 run, 1 ok, 1 with failed windows, 2 failed");
  }
}
