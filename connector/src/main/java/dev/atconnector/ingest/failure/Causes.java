package dev.atconnector.ingest.failure;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLException;
import org.elasticsearch.client.ResponseException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The one place that finds what a {@link Throwable} is, through its causes: our own {@link Classified} exceptions,
 * the Elasticsearch clients' (Java API client, its transport, the low-level RestClient), Reactor Netty's and the
 * JDK's I/O exceptions.
 */
public final class Causes {
  private Causes() {}

  /**
   * The HTTP status a failure carries at any depth: the first of our exceptions that has one, or the Elasticsearch
   * clients' (error body parsed, transport error, status the RestClient did not pass through); empty when it got
   * no answer.
   */
  public static OptionalInt status(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      int status = ownStatus(t);
      if (status > 0) {
        return OptionalInt.of(status);
      }
    }
    return OptionalInt.empty();
  }

  /** {@link #status}, 0 when there is none. */
  public static int statusOrZero(Throwable failure) {
    return status(failure).orElse(0);
  }

  /**
   * What {@code failure} is: the first {@link Classified} exception in its causes as it says; else, when a call to
   * {@code side} failed with a library's exception, its HTTP status read by {@link HttpStatuses}; else no answer
   * (an I/O error: refused, reset, timed out, TLS, a body cut short) is {@link Kind#UNAVAILABLE} at {@code side};
   * anything else is a {@link Kind#BUG} of ours.
   */
  public static Failure of(Throwable failure, Side side) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof Classified c) {
        return c.failure();
      }
      int status = ownStatus(t);
      if (status > 0) {
        return Failure.http(side, status);
      }
    }
    return noAnswer(failure) ? Failure.http(side, 0) : Failure.of(Side.LOCAL, Kind.BUG);
  }

  /** Whether a call failed for want of an answer: an I/O error (refused, reset, timeout, TLS), a body cut short. */
  public static boolean noAnswer(Throwable failure) {
    return find(failure, IOException.class).isPresent() || find(failure, PrematureCloseException.class).isPresent()
        || find(failure, java.util.concurrent.TimeoutException.class).isPresent();
  }

  /** The first cause (or {@code failure} itself) of {@code type}. */
  public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** The deepest cause. */
  public static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (next(root) != null) {
      root = next(root);
    }
    return root;
  }

  /**
   * The deepest cause of a failed TLS handshake (untrusted certificate, wrong pin, host name not in the
   * certificate), whose message says which check failed; empty when {@code failure} is no TLS failure.
   */
  public static Optional<Throwable> tls(Throwable failure) {
    boolean tls = false;
    for (Throwable t = failure; t != null && !tls; t = next(t)) {
      tls = t instanceof SSLException || t instanceof CertificateException;
    }
    return tls ? Optional.of(root(failure)) : Optional.empty();
  }

  private static int ownStatus(Throwable t) {
    if (t instanceof Classified c) {
      return c.failure().status();
    }
    if (t instanceof ElasticsearchException es) {
      return es.status();
    }
    if (t instanceof TransportException te) {
      return Math.max(0, te.statusCode());
    }
    if (t instanceof ResponseException re) {
      return re.getResponse().getStatusLine().getStatusCode();
    }
    return 0;
  }

  private static Throwable next(Throwable t) {
    return t.getCause() == t ? null : t.getCause();
  }
}
