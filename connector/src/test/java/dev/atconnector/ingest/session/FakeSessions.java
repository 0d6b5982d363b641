package dev.atconnector.ingest.session;

import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The service's sessions in memory: deleting an unknown id answers 404, deletes of chosen ids fail as a service
 * that answers 5xx does.
 */
final class FakeSessions implements SessionApi {
  final Map<String, AtSession> open = new ConcurrentHashMap<>();
  final List<String> deleteCalls = new CopyOnWriteArrayList<>();
  final Set<String> failingDeletes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();

  /** A session created earlier (by another run), last used at {@code accessTime}. */
  AtSession existing(String id, String accessTime) {
    AtSession s = new AtSession(id, "space", "2019-06-01", "2019-06-01", false, "", accessTime, accessTime);
    open.put(id, s);
    return s;
  }

  @Override
  public Mono<AtSession> create(SessionRequest request) {
    return Mono.fromCallable(() -> {
      String now = Instant.now().toString();
      AtSession s = new AtSession("s" + ids.incrementAndGet(), "space", request.start().toString(),
          request.end().toString(), request.accountLevel(), "", now, now);
      open.put(s.id(), s);
      return s;
    });
  }

  @Override
  public Mono<Void> delete(String id) {
    return Mono.defer(() -> {
      deleteCalls.add(id);
      if (failingDeletes.contains(id)) {
        return Mono.error(new SourceException(SourceException.Kind.UNAVAILABLE, 503, "HTTP 503", null, null));
      }
      if (!open.containsKey(id)) {
        return Mono.error(new SourceException(SourceException.Kind.CLIENT, 404, "HTTP 404", null, null));
      }
      open.remove(id);
      return Mono.empty();
    });
  }

  @Override
  public Flux<AtSession> list() {
    return Flux.defer(() -> Flux.fromIterable(List.copyOf(open.values())));
  }
}
