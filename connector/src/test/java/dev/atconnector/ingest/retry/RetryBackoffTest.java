package dev.atconnector.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RetryBackoffTest {

  @Test
  void ceilingDoublesFromInitialAndStopsAtMax() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.0);
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    double[] draws = {0.0, 0.5, 0.999};
    AtomicInteger next = new AtomicInteger();
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(30),
        () -> draws[next.getAndIncrement()]);
    assertThat(backoff.delay(3)).isZero();
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(3)).isEqualTo(Duration.ofNanos(399_600_000));
  }

  @Test
  void randomDelaysStayWithinTheCeiling() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), Math::random);
    for (int retry = 1; retry <= 10; retry++) {
      for (int i = 0; i < 100; i++) {
        assertThat(backoff.delay(retry)).isBetween(Duration.ZERO, backoff.ceiling(retry));
      }
    }
  }

  @Test
  void aDelayWaitsExactlyThatLongOnVirtualTime() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.25);
    StepVerifier.withVirtualTime(() -> Mono.delay(backoff.delay(4)).thenReturn("retried"))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("retried")
        .verifyComplete();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1), () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
    RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1), Duration.ofSeconds(1), () -> 1.0);
    assertThatThrownBy(() -> backoff.ceiling(0)).hasMessageContaining("1-based");
    assertThatThrownBy(() -> backoff.delay(1)).hasMessageContaining("[0, 1)");
  }

  @Test
  void scaledMultipliesABoundAndKeepsAtLeastAMillisecond() {
    assertThat(RetryBackoff.scaled(Duration.ofMillis(500), 0.1)).isEqualTo(Duration.ofMillis(50));
    assertThat(RetryBackoff.scaled(Duration.ofSeconds(30), 1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryBackoff.scaled(Duration.ofMillis(5), 0.01)).isEqualTo(Duration.ofMillis(1));
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> RetryBackoff.scaled(Duration.ofSeconds(1), bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 0 and at most 1");
    }
  }
}
