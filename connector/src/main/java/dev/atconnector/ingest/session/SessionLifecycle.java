package dev.atconnector.ingest.session;

import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs work inside a download session and deletes the session afterwards, always: on success, on error (also a
 * timeout) and on cancellation (Ctrl-C disposes the run). Sessions not yet confirmed deleted are tracked so a
 * shutdown can wait for their deletes; a delete that fails after its retries is logged with the id and the command
 * that removes it, since the service never expires sessions by itself.
 */
public final class SessionLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);

  private final SessionApi client;
  private final Counts counters;
  private final Duration deleteTimeout;
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final Set<String> undeleted = ConcurrentHashMap.newKeySet();

  /** What the run counts of its sessions (the run's counters; a test's own). */
  public interface Counts {
    void sessionCreated();

    void sessionDeleted();

    /** Deleted or given up on. */
    void sessionClosed();
  }

  public SessionLifecycle(AtClient client, Counts counters, Duration deleteTimeout) {
    this(SessionApi.of(client), counters, deleteTimeout);
  }

  /** @param deleteTimeout bound on one delete, its retries included */
  public SessionLifecycle(SessionApi client, Counts counters, Duration deleteTimeout) {
    this.client = client;
    this.counters = counters;
    this.deleteTimeout = deleteTimeout;
  }

  public <T> Mono<T> within(SessionRequest request, Function<AtSession, Mono<T>> work) {
    return Mono.usingWhen(
        client.create(request).doOnNext(s -> {
          open.add(s.id());
          counters.sessionCreated();
          LOG.info("created session {} for {}", s.id(), request);
        }),
        work,
        s -> delete(s, "done"),
        (s, error) -> delete(s, "after error"),
        s -> delete(s, "after cancel"));
  }

  /** True when the delete of session {@code id} failed after its retries: it is still open on the service. */
  public boolean deleteFailed(String id) {
    return undeleted.contains(id);
  }

  /** Sessions created and not yet deleted (or given up on). */
  public Set<String> open() {
    return Set.copyOf(open);
  }

  /**
   * Waits until every session created so far was deleted or given up on, at most {@code limit} (used by the
   * shutdown hook after a cancel, whose deletes run asynchronously).
   *
   * @return true when none is left open
   */
  public boolean awaitClosed(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (open) {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        open.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  private Mono<Void> delete(AtSession s, String when) {
    return client.delete(s.id())
        .timeout(deleteTimeout)
        .doOnSuccess(v -> {
          counters.sessionDeleted();
          LOG.info("deleted session {} ({})", s.id(), when);
        })
        .onErrorResume(e -> {
          undeleted.add(s.id());
          LOG.error("session {} could not be deleted ({}): {}. It stays open on the service until deleted: "
              + "run `at-connector session delete {}`", s.id(), when, e.getMessage(), s.id());
          return Mono.empty();
        })
        .doFinally(sig -> {
          counters.sessionClosed();
          synchronized (open) {
            open.remove(s.id());
            open.notifyAll();
          }
        });
  }
}
