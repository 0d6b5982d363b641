package dev.atconnector.ingest.failure;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a failure is, as a value: which side, what kind, the HTTP status (0 when there was no answer) and the
 * server's Retry-After. Exit codes, retry policies, readiness and metrics switch on it; the text of a failure stays
 * in its exception's message.
 */
public record Failure(Side side, Kind kind, int status, Optional<Duration> retryAfter) {
  public Failure {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** {@code side} answered {@code status} (0: no answer), classified by {@link HttpStatuses#kind}. */
  public static Failure http(Side side, int status) {
    return http(side, status, null);
  }

  /** As {@link #http(Side, int)}, with the answer's Retry-After ({@code null} when none). */
  public static Failure http(Side side, int status, Duration retryAfter) {
    return new Failure(side, HttpStatuses.kind(side, status), status, Optional.ofNullable(retryAfter));
  }

  /** A failure of {@code kind} at {@code side} without an HTTP status to go by. */
  public static Failure of(Side side, Kind kind) {
    return new Failure(side, kind, 0, Optional.empty());
  }

  /** The same failure, of another kind (a caller that knows better, e.g. a 401 after which the token was renewed). */
  public Failure as(Kind other) {
    return new Failure(side, other, status, retryAfter);
  }

  public boolean retryable() {
    return kind.retryable();
  }

  public boolean auth() {
    return kind == Kind.AUTH;
  }

  /** Whether the side answered at all (an HTTP status), as opposed to a refused connection, a timeout, a cut body. */
  public boolean answered() {
    return status > 0;
  }
}
