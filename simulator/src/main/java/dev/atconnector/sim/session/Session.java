package dev.atconnector.sim.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One download session: owned by one user in one space; never expires by itself. Thread-safe. */
public final class Session {
  private final String id;
  private final String space;
  private final String user;
  private final Instant createTime;
  private final SessionQuery query;
  private volatile Instant accessTime;
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicReference<Instant> firstDownload = new AtomicReference<>();
  private final AtomicReference<Instant> deleted = new AtomicReference<>();

  public Session(String id, String space, String user, Instant createTime, SessionQuery query) {
    this.id = Objects.requireNonNull(id, "id");
    this.space = Objects.requireNonNull(space, "space");
    this.user = Objects.requireNonNull(user, "user");
    this.createTime = Objects.requireNonNull(createTime, "createTime");
    this.query = Objects.requireNonNull(query, "query");
    this.accessTime = createTime;
  }

  public String id() {
    return id;
  }

  public String space() {
    return space;
  }

  public String user() {
    return user;
  }

  public Instant createTime() {
    return createTime;
  }

  public Instant accessTime() {
    return accessTime;
  }

  public SessionQuery query() {
    return query;
  }

  public int downloads() {
    return downloads.get();
  }

  /** A download starts: access-time is now. */
  public void startDownload(Instant now) {
    accessTime = now;
    firstDownload.compareAndSet(null, now);
    downloads.incrementAndGet();
  }

  /** The session is deleted now (the first call counts). */
  void markDeleted(Instant now) {
    deleted.compareAndSet(null, now);
  }

  /** This session as a session-log entry, instants truncated to milliseconds. */
  public SessionLogEntry logEntry() {
    return new SessionLogEntry(id, space, user, query.accountLevel(), query.start(), query.end(),
        query.hour().isPresent() ? query.hour().getAsInt() : null, millis(createTime), millis(firstDownload.get()),
        millis(deleted.get()));
  }

  private static Instant millis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The service's JSON form (create, show, list), keys in the documented order. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("space", space);
    json.put("username", user);
    json.put("create-time", Times.format(createTime));
    json.put("access-time", Times.format(accessTime));
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("Start", query.start().toString());
    range.put("End", query.end().toString());
    json.put("date-range", range);
    Map<String, Object> types = new LinkedHashMap<>();
    types.put("Type", "ActivityTracker");
    types.put("AtAccountLevel", query.accountLevel());
    json.put("types", types);
    json.put("search-time", query.hour().isPresent() ? Integer.toString(query.hour().getAsInt()) : "");
    return json;
  }
}
