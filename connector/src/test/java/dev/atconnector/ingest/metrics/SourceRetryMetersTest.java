package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SourceRetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SourceRetryMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void eachRetriedSourceFailureIsCountedByItsStatusAndFinalFailuresAreNot() {
    RetryMeters meters = new RetryMeters(registry);
    SourceRetry retry = new SourceRetry(5, Duration.ZERO, Duration.ZERO, Schedulers.parallel())
        .onRetry(meters::sourceRetried);
    AtomicInteger calls = new AtomicInteger();
    Mono<String> call = Mono.defer(() -> switch (calls.incrementAndGet()) {
      case 1 -> Mono.error(new SourceException(SourceException.Kind.UNAVAILABLE, 429, "slow", null, null));
      case 2 -> Mono.error(new SourceException(SourceException.Kind.UNAVAILABLE, 502, "bad gw", null, null));
      default -> Mono.error(new SourceException(SourceException.Kind.AUTH, 403, "no", null, null));
    });
    StepVerifier.create(call.retryWhen(retry.spec("list sessions", LoggerFactory.getLogger(getClass()))))
        .expectError(SourceException.class).verify(Duration.ofSeconds(10));
    assertThat(count("rate_limited")).isEqualTo(1);
    assertThat(count("server_error")).isEqualTo(1);
    assertThat(registry.get(MeterNames.RETRIES).tag("side", "source").counters().stream()
        .mapToDouble(c -> c.count()).sum()).as("the final 403 is not a retry").isEqualTo(2);
  }

  private double count(String reason) {
    return registry.get(MeterNames.RETRIES).tag("side", "source").tag("reason", reason).counter().count();
  }
}
