package dev.atconnector.ingest.app;

import static dev.atconnector.ingest.app.Fixtures.RUN;
import static dev.atconnector.ingest.app.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.atconnector.ingest.app.SourceResult.How;
import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.metrics.RunMetrics;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one-shot run over several sources, with each source's run replaced by a fake: what the outcome holds. */
class IngestAppTest {
  private final List<SourceResult> seen = new CopyOnWriteArrayList<>();

  private IngestApp app(IngestApp.SourceRunner runner) {
    return new IngestApp(new SimpleMeterRegistry(), RunMetrics.Hook.NONE, seen::add, runner);
  }

  private static IngestApp.Request request(int slots, String... names) {
    return new IngestApp.Request(RUN, java.util.Arrays.stream(names).map(Fixtures::source).toList(),
        new SourceScheduler(slots, 25), false, false);
  }

  @Test
  void everySourceHasItsResultInTheOrderGivenAndTheListenerSeesEachOnce() {
    CheckpointException held = new CheckpointException(CheckpointException.Kind.LEASED, 0, "held by other", null);
    Map<String, SourceResult> byName = Map.of(
        "a", Fixtures.result("a", How.DONE),
        "b", Fixtures.failed("b", How.HELD, held),
        "c", Fixtures.withFailedWindow("c"));

    RunOutcome outcome = app((s, stop) -> byName.get(s.name())).run(request(2, "a", "b", "c"), new RunStop());

    assertThat(outcome.sources()).extracting(SourceResult::name, SourceResult::how)
        .containsExactly(tuple("a", How.DONE), tuple("b", How.HELD), tuple("c", How.DONE));
    assertThat(outcome.sources().get(1).failure()).containsSame(held);
    assertThat(outcome.sources().get(1).leased()).isTrue();
    assertThat(outcome.sources().get(2).failedWindows()).hasSize(1);
    assertThat(outcome.firstFailure()).as("held is not a failure").isEmpty();
    assertThat(outcome.follow()).isEmpty();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(outcome.sources());
  }

  @Test
  void aSourceWhoseSlotComesAfterTheStopDoesNotStart() {
    AtomicInteger started = new AtomicInteger();
    // one slot: the first source is stopped while it runs; the second's slot comes after the stop
    RunOutcome outcome = app((s, stop) -> {
      started.incrementAndGet();
      stop.request();
      return Fixtures.result(s.name(), How.STOPPED);
    }).run(request(1, "a", "b"), new RunStop());

    assertThat(started).hasValue(1);
    assertThat(outcome.sources()).extracting(SourceResult::name, SourceResult::how)
        .containsExactly(tuple("a", How.STOPPED), tuple("b", How.NOT_STARTED));
    assertThat(outcome.sources().get(1).summary().read()).isZero();
    assertThat(seen).hasSize(2);
  }

  @Test
  void aSourceWhoseRunThrowsFailsWithThatErrorAndTheOthersStillRun() {
    IllegalStateException boom = new IllegalStateException("boom");
    RunOutcome outcome = app((s, stop) -> {
      if (s.name().equals("a")) {
        throw boom;
      }
      return Fixtures.result(s.name(), How.DONE);
    }).run(request(1, "a", "b"), new RunStop());

    assertThat(outcome.sources()).extracting(SourceResult::name, SourceResult::how)
        .containsExactly(tuple("a", How.FAILED), tuple("b", How.DONE));
    assertThat(outcome.firstFailure().flatMap(SourceResult::failure)).containsSame(boom);
    assertThat(seen).extracting(SourceResult::name).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aMetricsPortInUseIsASettingsErrorBeforeAnySourceStarts() throws IOException {
    AtomicInteger started = new AtomicInteger();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IngestApp.Request r = new IngestApp.Request(RUN.toBuilder()
          .metrics(new MetricsSettings(OptionalInt.of(taken.getLocalPort()), "127.0.0.1")).build(),
          List.of(source("a")), new SourceScheduler(1, 25), false, false);

      assertThatThrownBy(() -> app((s, stop) -> {
        started.incrementAndGet();
        return Fixtures.result(s.name(), How.DONE);
      }).run(r, new RunStop())).isInstanceOf(ConfigException.class)
          .hasMessageContaining("--metrics-port (AT_METRICS_PORT) " + taken.getLocalPort());
    }
    assertThat(started).hasValue(0);
    assertThat(seen).isEmpty();
  }
}
