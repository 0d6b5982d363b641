package dev.atconnector.sim.session;

import dev.atconnector.sim.server.ApiError;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The open sessions. At most {@link #MAX_OPEN} per (space, user), enforced atomically; sessions stay until deleted.
 * Also the session log: the last {@link #LOG_LIMIT} sessions created, open or deleted, in creation order.
 * Thread-safe without locks held across I/O.
 */
public final class SessionStore {
  /** Open sessions allowed per space and user. */
  public static final int MAX_OPEN = 30;
  /** Sessions the log keeps; older ones are dropped so a long-running simulator does not grow without bound. */
  public static final int LOG_LIMIT = 100_000;

  private record Owner(String space, String user) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<Owner, Integer> openCounts = new ConcurrentHashMap<>();
  private final ArrayDeque<Session> log = new ArrayDeque<>();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final Clock clock;
  private final int retryAfterSeconds;

  public SessionStore(Clock clock, int retryAfterSeconds) {
    this.clock = clock;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Opens a session.
   *
   * @throws ApiError 429 too_many_sessions if the user already has {@link #MAX_OPEN} open in the space
   */
  public Session create(String space, String user, SessionQuery query) {
    Owner owner = new Owner(space, user);
    boolean[] admitted = new boolean[1];
    openCounts.compute(owner, (key, open) -> {
      int count = open == null ? 0 : open;
      if (count >= MAX_OPEN) {
        return open;
      }
      admitted[0] = true;
      return count + 1;
    });
    if (!admitted[0]) {
      throw ApiError.of(429, "too_many_sessions", "there are already " + MAX_OPEN
              + " open sessions for this space and user; delete one (DELETE /v3/sessions/{id}) first")
          .retryAfter(retryAfterSeconds);
    }
    Session session = new Session(UUID.randomUUID().toString(), space, user, clock.instant(), query);
    sessions.put(session.id(), session);
    synchronized (log) {
      if (log.size() == LOG_LIMIT) {
        log.removeFirst();
      }
      log.addLast(session);
    }
    created.incrementAndGet();
    return session;
  }

  /** The session if it exists and belongs to the user in the space; a foreign session is not found either. */
  public Optional<Session> find(String id, String space, String user) {
    Session session = sessions.get(id);
    if (session == null || !session.user().equals(user) || !session.space().equals(space)) {
      return Optional.empty();
    }
    return Optional.of(session);
  }

  /** The session like {@link #find}, or 404 session_not_found. */
  public Session require(String id, String space, String user) {
    return find(id, space, user).orElseThrow(() -> notFound(id));
  }

  /** Deletes the user's session, or 404 session_not_found. */
  public Session delete(String id, String space, String user) {
    Session session = require(id, space, user);
    if (sessions.remove(id, session)) {
      session.markDeleted(clock.instant());
      openCounts.computeIfPresent(new Owner(space, user), (key, open) -> open <= 1 ? null : open - 1);
      deleted.incrementAndGet();
      return session;
    }
    throw notFound(id); // deleted concurrently by another request
  }

  private static ApiError notFound(String id) {
    String shown = id.length() <= 64 ? id : id.substring(0, 64) + "...";
    return ApiError.of(404, "session_not_found",
        "no session '" + shown + "' for this user in this space; create one with POST /v3/sessions");
  }

  /** The user's open sessions in the space, oldest first. */
  public List<Session> list(String space, String user) {
    return sessions.values().stream()
        .filter(s -> s.space().equals(space) && s.user().equals(user))
        .sorted(Comparator.comparing(Session::createTime).thenComparing(Session::id))
        .collect(Collectors.toList());
  }

  /** Every open session, oldest first. */
  public List<Session> all() {
    return sessions.values().stream()
        .sorted(Comparator.comparing(Session::createTime).thenComparing(Session::id))
        .collect(Collectors.toList());
  }

  /** The session log: the last {@link #LOG_LIMIT} sessions created, in creation order, with their state now. */
  public List<SessionLogEntry> log() {
    Session[] copy;
    synchronized (log) {
      copy = log.toArray(new Session[0]);
    }
    return Arrays.stream(copy).map(Session::logEntry).collect(Collectors.toList());
  }

  public long created() {
    return created.get();
  }

  public long deleted() {
    return deleted.get();
  }
}
