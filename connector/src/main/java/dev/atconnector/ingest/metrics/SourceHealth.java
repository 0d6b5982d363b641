package dev.atconnector.ingest.metrics;

import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Failure;
import reactor.netty.http.client.HttpClient;

/**
 * Feeds {@link Readiness} from every Activity Tracker exchange (sessions, downloads and the token endpoint) by
 * watching the one shared Reactor Netty client, so no call site has to remember to report.
 */
public final class SourceHealth {
  private SourceHealth() {}

  /**
   * The same client, reporting each answer: 401/403 is an auth failure, 429/5xx a failing service, anything else
   * (also a 404 for an unknown session) proves the service reachable with good credentials. A request that gets no
   * answer, or whose body breaks off, makes the source unreachable.
   */
  public static HttpClient observe(HttpClient http, Readiness readiness) {
    return http
        .doOnResponse((res, conn) -> {
          int status = res.status().code();
          if (HttpStatuses.success(status)) {
            readiness.success(Side.SOURCE);
          } else {
            readiness.outcome(Side.SOURCE, Failure.http(Side.SOURCE.remote(), status), "");
          }
        })
        .doOnError(
            (req, e) -> readiness.failure(Side.SOURCE, false, 0, e.getClass().getSimpleName()),
            (res, e) -> readiness.failure(Side.SOURCE, false, 0, e.getClass().getSimpleName()));
  }
}
