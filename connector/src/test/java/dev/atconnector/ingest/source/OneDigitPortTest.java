package dev.atconnector.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * A URL with a one-digit port reaches the port: Reactor Netty, given the URL as a string, read
 * {@code http://127.0.0.1:1} as the host {@code 127.0.0.1:1} ("Failed to resolve '127.0.0.1:1'"); given a
 * {@link java.net.URI} it connects and is refused (port 1 of the loopback is closed; nothing is bound here).
 */
class OneDigitPortTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String CLOSED = "http://127.0.0.1:1";

  private static SourceRetry noRetry() {
    return new SourceRetry(0, Duration.ofMillis(1), Duration.ofMillis(1), Schedulers.immediate());
  }

  private static String chain(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
    }
    return String.join(" <- ", messages);
  }

  @Test
  void activityTrackerCallsToAClosedOneDigitPortAreRefusedNotUnresolved() {
    AtClient client = new AtClient(HttpClient.create(), CLOSED, "space-1", TokenProvider.fixed(Secret.of("t")),
        noRetry());

    Throwable listed = catchThrowable(() -> client.listSessionsJson().collectList().block(LIMIT));
    Throwable downloaded = catchThrowable(() -> client.download("s1", body -> body.asByteArray()).blockLast(LIMIT));

    for (Throwable e : List.of(listed, downloaded)) {
      assertThat(e).isInstanceOf(SourceException.class);
      assertThat(chain(e)).containsIgnoringCase("connection refused").doesNotContain("Failed to resolve");
    }
  }

  @Test
  void theTokenEndpointOnAClosedOneDigitPortIsRefusedNotUnresolved() {
    UaaTokenProvider tokens = new UaaTokenProvider(HttpClient.create(), CLOSED + "/oauth/token", Secret.of("key"),
        Clock.systemUTC());

    Throwable e = catchThrowable(() -> tokens.token().block(LIMIT));

    assertThat(e).isInstanceOf(SourceException.class);
    assertThat(chain(e)).containsIgnoringCase("connection refused").doesNotContain("Failed to resolve");
  }
}
