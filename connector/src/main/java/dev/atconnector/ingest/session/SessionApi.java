package dev.atconnector.ingest.session;

import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The service's session calls the life cycle makes (create, delete, list): {@link AtClient}'s, or a test's fake.
 * Each call's own retries are the client's ({@code SourceRetry}).
 */
public interface SessionApi {
  Mono<AtSession> create(SessionRequest request);

  Mono<Void> delete(String id);

  /** This user's sessions in the space. */
  Flux<AtSession> list();

  /** The calls of the Activity Tracker client. */
  static SessionApi of(AtClient client) {
    return new SessionApi() {
      @Override
      public Mono<AtSession> create(SessionRequest request) {
        return client.createSession(request);
      }

      @Override
      public Mono<Void> delete(String id) {
        return client.deleteSession(id);
      }

      @Override
      public Flux<AtSession> list() {
        return client.listSessions();
      }
    };
  }
}
