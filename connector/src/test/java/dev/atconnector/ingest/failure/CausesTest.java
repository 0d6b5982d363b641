package dev.atconnector.ingest.failure;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

/** Finding what a Throwable is, through its causes. */
class CausesTest {
  private static ElasticsearchException es(int status) {
    return new ElasticsearchException("/_bulk", ErrorResponse.of(r -> r.status(status)
        .error(ErrorCause.of(e -> e.type("security_exception").reason("unable to authenticate")))));
  }

  /** Ours, with a failure it states. */
  private static final class Ours extends RuntimeException implements Classified {
    private final Failure failure;

    Ours(Failure failure, Throwable cause) {
      super("ours", cause);
      this.failure = failure;
    }

    @Override
    public Failure failure() {
      return failure;
    }
  }

  @Test
  void theElasticsearchClientsStatusIsFoundAtAnyDepthAndReadByTheTable() {
    Throwable wrapped = new CompletionException(new RuntimeException(es(401)));

    assertThat(Causes.status(wrapped)).hasValue(401);
    assertThat(Causes.of(wrapped, Side.ELASTICSEARCH)).isEqualTo(Failure.http(Side.ELASTICSEARCH, 401));
    assertThat(Causes.of(new RuntimeException(new IllegalStateException("no product header")), Side.ELASTICSEARCH)
        .kind()).as("neither a status nor an I/O failure").isEqualTo(Kind.BUG);
  }

  @Test
  void ourOwnExceptionSaysWhatItIsBeforeAnyLibraryStatusUnderIt() {
    Failure stated = new Failure(Side.KIBANA, Kind.UNAVAILABLE, 503, Optional.of(Duration.ofSeconds(7)));
    Throwable t = new RuntimeException(new Ours(stated, es(400)));

    assertThat(Causes.of(t, Side.ELASTICSEARCH)).isEqualTo(stated);
    assertThat(Causes.status(t)).hasValue(503);
  }

  @Test
  void noAnswerIsUnavailableAtTheSideCalledAndAnythingElseIsABugOfOurs() {
    assertThat(Causes.of(new CompletionException(new ConnectException("Connection refused")), Side.KIBANA))
        .isEqualTo(Failure.http(Side.KIBANA, 0));
    assertThat(Causes.of(PrematureCloseException.TEST_EXCEPTION, Side.ACTIVITY_TRACKER).kind())
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(Causes.of(new IllegalStateException("bug"), Side.ELASTICSEARCH))
        .isEqualTo(Failure.of(Side.LOCAL, Kind.BUG));
    assertThat(Causes.status(new IOException("reset"))).isEmpty();
  }

  @Test
  void aFailedHandshakeIsFoundWithTheCheckThatFailed() {
    Throwable t = new CompletionException(new SSLHandshakeException("PKIX path building failed"));

    assertThat(Causes.tls(t)).get().extracting(Throwable::getMessage).isEqualTo("PKIX path building failed");
    assertThat(Causes.tls(new ConnectException("refused"))).isEmpty();
    assertThat(Causes.of(t, Side.ELASTICSEARCH).kind()).as("an I/O failure: no answer").isEqualTo(Kind.UNAVAILABLE);
  }
}
