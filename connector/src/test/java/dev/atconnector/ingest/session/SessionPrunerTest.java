package dev.atconnector.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sessions left open by crashed runs are deleted; sessions in use (or of unknown age) are kept. */
class SessionPrunerTest {
  private static final Instant NOW = Instant.parse("2019-06-20T12:00:00Z");

  private final FakeSessions service = new FakeSessions();

  @Test
  void deletesOnlySessionsUnusedForLongerThanTheAge() {
    service.existing("leaked", "2019-06-20T05:00:00Z");
    service.existing("in-use", "2019-06-20T11:30:00Z");
    service.existing("no-time", "yesterday");

    SessionPruner.Outcome o = SessionPruner.prune(service, Duration.ofHours(6), NOW);

    assertThat(o.deleted()).extracting(AtSession::id).containsExactly("leaked");
    assertThat(o.kept()).isEqualTo(2);
    assertThat(o.failed()).isEmpty();
    assertThat(service.open).containsOnlyKeys("in-use", "no-time");
  }

  @Test
  void aDeleteThatFailsIsReportedAndTheOthersAreStillDeleted() {
    service.existing("a", "2019-06-19T00:00:00Z");
    service.existing("b", "2019-06-19T00:00:00Z");
    service.failingDeletes.add("a");

    SessionPruner.Outcome o = SessionPruner.prune(service, Duration.ofHours(1), NOW);

    assertThat(o.failed()).containsExactly("a");
    assertThat(o.deleted()).extracting(AtSession::id).containsExactly("b");
    assertThat(service.open).containsOnlyKeys("a");
  }

  @Test
  void atTheStartOfARunALeakedSessionIsDeleted() {
    service.existing("leaked", Instant.now().minus(Duration.ofHours(7)).toString());
    service.existing("fresh", Instant.now().toString());

    SessionPruner.atStart(service);

    assertThat(service.open).containsOnlyKeys("fresh");
  }

  @Test
  void atTheStartOfARunOnlyAnAuthFailureStopsTheRun() {
    SessionApi refusing = listing(new SourceException(SourceException.Kind.AUTH, 401, "HTTP 401", null, null));
    SessionApi down = listing(new SourceException(SourceException.Kind.UNAVAILABLE, 503, "HTTP 503", null, null));

    assertThatThrownBy(() -> SessionPruner.atStart(refusing)).isInstanceOf(SourceException.class)
        .hasMessage("HTTP 401");
    SessionPruner.atStart(down); // logged, the run goes on
  }

  private static SessionApi listing(SourceException failure) {
    return new SessionApi() {
      @Override
      public Mono<AtSession> create(SessionRequest request) {
        return Mono.error(new UnsupportedOperationException());
      }

      @Override
      public Mono<Void> delete(String id) {
        return Mono.error(new UnsupportedOperationException());
      }

      @Override
      public Flux<AtSession> list() {
        return Flux.error(failure);
      }
    };
  }
}
