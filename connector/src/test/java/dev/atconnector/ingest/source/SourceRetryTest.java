package dev.atconnector.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The source retry schedule on virtual time: which failures retry, how long it waits, when it gives up. */
class SourceRetryTest {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRetryTest.class);

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final AtomicInteger attempts = new AtomicInteger();

  /**
   * Three retries, 1 s doubling up to 4 s, jitter pinned near the top of its range (0.999: delays of 999 ms, 1998 ms
   * and 3996 ms, now that the house's one backoff keeps nanoseconds where this one used to cut to milliseconds).
   */
  SourceRetry retry() {
    return new SourceRetry(3, Duration.ofSeconds(1), Duration.ofSeconds(4), time, () -> 0.999);
  }

  /** A call failing with {@code failure} every time, counting attempts. */
  Mono<String> failing(Supplier<SourceException> failure) {
    return Mono.defer(() -> {
      attempts.incrementAndGet();
      return Mono.<String>error(failure.get());
    }).retryWhen(retry().spec("create session", LOG));
  }

  static SourceException status(int status, SourceException.Kind kind, Duration retryAfter) {
    return new SourceException(kind, status, "create session: HTTP " + status + " service_unavailable: down",
        retryAfter, null);
  }

  @Test
  void fiveHundredsBackOffExponentiallyThenFailNamingTheLastStatusAndTheAttempts() {
    StepVerifier.withVirtualTime(() -> failing(() -> status(503, SourceException.Kind.UNAVAILABLE, null)),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        // ceilings 1 s, 2 s, 4 s with jitter ~1: retries at ~1 s, ~3 s, ~7 s
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(999))
        .then(() -> assertThat(attempts).hasValue(2))
        .thenAwait(Duration.ofMillis(2000))
        .then(() -> assertThat(attempts).hasValue(3))
        .expectNoEvent(Duration.ofMillis(3900))
        .then(() -> assertThat(attempts).hasValue(3))
        .thenAwait(Duration.ofMillis(100))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(SourceException.class)
              .hasMessageContaining("HTTP 503 service_unavailable: down")
              .hasMessageContaining("gave up after 4 attempts");
          assertThat(((SourceException) e).status()).isEqualTo(503);
          assertThat(((SourceException) e).retryable()).isTrue();
        })
        .verify(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(4);
  }

  @Test
  void retryAfterIsHonouredInsteadOfTheBackoff() {
    StepVerifier.withVirtualTime(
            () -> failing(() -> status(429, SourceException.Kind.UNAVAILABLE, Duration.ofSeconds(7))),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(6999))
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(attempts).hasValue(2))
        .thenAwait(Duration.ofSeconds(14))
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("HTTP 429"))
        .verify(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(4);
  }

  @Test
  void aHugeRetryAfterIsCapped() {
    StepVerifier.withVirtualTime(
            () -> failing(() -> status(429, SourceException.Kind.UNAVAILABLE, Duration.ofHours(1))),
            () -> time, Long.MAX_VALUE)
        .expectSubscription()
        .thenAwait(SourceRetry.RETRY_AFTER_CAP)
        .then(() -> assertThat(attempts).hasValue(2))
        .thenAwait(SourceRetry.RETRY_AFTER_CAP.multipliedBy(2))
        .expectError(SourceException.class)
        .verify(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(4);
  }

  @Test
  void clientAndAuthErrorsFailAtOnce() {
    for (int code : new int[] {400, 403, 404}) {
      attempts.set(0);
      SourceException.Kind kind = code == 403 ? SourceException.Kind.AUTH : SourceException.Kind.CLIENT;
      StepVerifier.create(failing(() -> status(code, kind, null)))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SourceException.class)
              .hasMessageContaining("HTTP " + code).hasMessageNotContaining("gave up"))
          .verify(Duration.ofSeconds(5));
      assertThat(attempts).as("HTTP %d", code).hasValue(1);
    }
  }

  @Test
  void anythingButASourceExceptionIsNotRetried() {
    Mono<String> bug = Mono.defer(() -> {
      attempts.incrementAndGet();
      return Mono.<String>error(new IllegalStateException("a bug"));
    }).retryWhen(retry().spec("x", LOG));
    StepVerifier.create(bug).expectError(IllegalStateException.class).verify(Duration.ofSeconds(5));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void backoffIsFullJitterUnderACappedDoublingCeiling() {
    SourceRetry random = new SourceRetry(5, Duration.ofMillis(500), Duration.ofSeconds(30), time);
    assertThat(random.ceiling(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(random.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(random.ceiling(10)).isEqualTo(Duration.ofSeconds(30));
    long below = 0;
    for (int i = 0; i < 2000; i++) {
      Duration d = random.backoff(4);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(8));
      below += d.compareTo(Duration.ofSeconds(4)) < 0 ? 1 : 0;
    }
    // uniform over [0, 8 s): about half below the middle, far from all or none
    assertThat(below).isBetween(800L, 1200L);
  }

  @Test
  void aConnectionErrorIsRetryable() {
    SourceException e = new SourceException(SourceException.Kind.UNAVAILABLE, "create session at x failed: "
        + "ConnectException", new IOException("Connection refused"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.gaveUp(6)).hasMessageEndingWith("(gave up after 6 attempts)").hasCause(e);
  }
}
