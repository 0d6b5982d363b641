package dev.atconnector.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.source.SessionRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A window's session: created for its work, deleted after it whatever happened, and tracked until deleted. */
class SessionLifecycleTest {
  private static final SessionRequest WINDOW = new SessionRequest(LocalDate.of(2019, 6, 1),
      LocalDate.of(2019, 6, 15), false, OptionalInt.empty());
  private static final Duration LIMIT = Duration.ofSeconds(5);

  private final FakeSessions service = new FakeSessions();
  private final Counts counts = new Counts();
  private final SessionLifecycle sessions = new SessionLifecycle(service, counts, Duration.ofSeconds(2));

  /** What the run counts. */
  private static final class Counts implements SessionLifecycle.Counts {
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger deleted = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void sessionCreated() {
      created.incrementAndGet();
    }

    @Override
    public void sessionDeleted() {
      deleted.incrementAndGet();
    }

    @Override
    public void sessionClosed() {
      closed.incrementAndGet();
    }
  }

  @Test
  void theSessionIsCreatedForTheWorkAndDeletedAfterIt() throws InterruptedException {
    StepVerifier.create(sessions.within(WINDOW, s -> {
      assertThat(service.open).containsKey(s.id());
      assertThat(sessions.open()).containsExactly(s.id());
      return Mono.just(s.id());
    })).expectNext("s1").expectComplete().verify(LIMIT);

    assertThat(service.open).isEmpty();
    assertThat(service.deleteCalls).containsExactly("s1");
    assertThat(sessions.awaitClosed(LIMIT)).isTrue();
    assertThat(sessions.deleteFailed("s1")).isFalse();
    assertThat(counts.created).hasValue(1);
    assertThat(counts.deleted).hasValue(1);
    assertThat(counts.closed).hasValue(1);
  }

  @Test
  void theSessionIsDeletedWhenTheWorkFails() {
    StepVerifier.create(sessions.within(WINDOW, s -> Mono.error(new IllegalStateException("download broke"))))
        .expectErrorMessage("download broke").verify(LIMIT);

    assertThat(service.open).isEmpty();
    assertThat(counts.deleted).hasValue(1);
  }

  @Test
  void theSessionIsDeletedWhenTheWorkIsCancelled() throws InterruptedException {
    StepVerifier.create(sessions.within(WINDOW, s -> Mono.never()))
        .expectSubscription().thenCancel().verify(LIMIT);

    assertThat(sessions.awaitClosed(LIMIT)).isTrue();
    assertThat(service.open).isEmpty();
  }

  @Test
  void aDeleteThatFailsLeavesTheSessionOnTheServiceAndSaysSoWithoutFailingTheWork() throws InterruptedException {
    service.failingDeletes.add("s1");

    StepVerifier.create(sessions.within(WINDOW, s -> Mono.just("done"))).expectNext("done").expectComplete()
        .verify(LIMIT);

    assertThat(sessions.deleteFailed("s1")).as("kept for the next start to delete").isTrue();
    assertThat(service.open).containsOnlyKeys("s1");
    assertThat(sessions.awaitClosed(LIMIT)).as("given up on: a stop does not wait for it").isTrue();
    assertThat(counts.deleted).hasValue(0);
    assertThat(counts.closed).hasValue(1);
  }
}
