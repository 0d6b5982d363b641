package dev.atconnector.sim.events;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic synthetic Activity Tracker events: the same (seed, scope, day) always yields the same events, on any
 * JVM. Thread-safe; creating iterators is cheap and each iterator is lazy (constant memory per download).
 *
 * <p>Determinism: every UTC hour of every day of a scope has its own seed, {@code seedOf(seed, spaceId hash,
 * accountLevel, epochDay, hour)} (SplitMix64 mixing, see {@link Rng}); each event's seed is drawn from its hour's
 * stream, so generating one hour (a SearchTime filter) never walks the others. Day and hour counts come from hashes
 * alone ({@link DayPlan}): a daily rhythm with quiet nights and busy office hours, a day factor in [0.8, 1.2). Within an
 * hour, event {@code i} of {@code n} happens at {@code (i + u) * 3600 s / n} with {@code u} uniform in [0, 1), so
 * events are in time order and every time lies inside its own day and hour. Account-level scopes (AtAccountLevel)
 * get a different stream with account services (iam-identity, iam-am, billing, user-management, resource-controller)
 * for the account derived from the space id; space scopes get containers-kubernetes, cloud-object-storage,
 * is.load-balancer, pcloud, cloudantnosqldb and kms events.
 *
 * <p>Extra events ({@link #addEvents}) join a day after the fact, as late-arriving events do: they are generated as
 * deterministically as the rest (see {@link LatePlan}) and every count, status, download and expected set made after
 * the addition includes them.
 */
public final class EventCatalog implements AutoCloseable {
  private static final int STATUS_CACHE_LIMIT = 4096;

  private final long seed;
  private final int eventsPerDay;
  private final Map<StatusKey, DayStatus> statusCache = new ConcurrentHashMap<>();
  private final LateEvents late = new LateEvents();
  private final Scenarios scenarios = new Scenarios();
  private DeflatePool deflatePool;
  private boolean closed;

  /**
   * @param seed the seed every event derives from
   * @param eventsPerDay the mean number of events per day (a day's real count varies with the scope and day, and
   *     spreads over the hours with a daily rhythm); 0 for no events at all
   */
  public EventCatalog(long seed, int eventsPerDay) {
    if (eventsPerDay < 0) {
      throw new IllegalArgumentException("eventsPerDay must be >= 0, was " + eventsPerDay);
    }
    this.seed = seed;
    this.eventsPerDay = eventsPerDay;
  }

  public long seed() {
    return seed;
  }

  public int eventsPerDay() {
    return eventsPerDay;
  }

  /**
   * Adds {@code count} extra events to the day of the scope (at most {@value LateEvents#MAX_PER_DAY} per day in all).
   *
   * @return the day's event count now, all hours, extra events included
   */
  public long addEvents(Scope scope, LocalDate day, int count) {
    late.add(Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(day, "day"), count);
    return countFor(scope, day);
  }

  /**
   * Adds a named scenario of fixed events (only {@code security} so far, see simulator/README.md) to the space and
   * its account, its first day on {@code start}; adding it again for the same space and day changes nothing.
   *
   * @return the scenario's events: id, scope, day and time
   * @throws IllegalArgumentException for an unknown name
   */
  public List<ScenarioEntry> addScenario(String name, String spaceId, LocalDate start) {
    return scenarios.add(name, spaceId, start).stream()
        .map(p -> new ScenarioEntry(p.event().id(), p.event().accountLevel(), p.day(),
            p.event().hour(), p.event().millisOfHour(), p.event().action(), p.event().outcome()))
        .toList();
  }

  /**
   * One event a scenario added.
   *
   * @param id its id (the document _id the connector gives it)
   * @param accountLevel true when it is one of the account's events, false for the space's
   * @param day its UTC day
   * @param hour its UTC hour
   * @param millisOfHour its millisecond within the hour
   * @param action its CADF action
   * @param outcome its CADF outcome
   */
  public record ScenarioEntry(String id, boolean accountLevel, LocalDate day, int hour, int millisOfHour,
      String action, String outcome) {}

  /** How many extra events {@link #addEvents} gave the day of the scope so far. */
  public long addedEvents(Scope scope, LocalDate day) {
    return late.count(Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(day, "day"));
  }

  /** How many events the scope has on that day (all hours, extra events included), without generating them. */
  public long countFor(Scope scope, LocalDate day) {
    return DayPlan.dayCount(context(scope).key, Objects.requireNonNull(day, "day"), eventsPerDay)
        + late.count(scope, day) + scenarios.count(scope, day);
  }

  /** How many events the scope has in one UTC hour (0-23) of that day, without generating them. */
  public long countFor(Scope scope, LocalDate day, int hour) {
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("hour must be 0..23, was " + hour);
    }
    long key = context(scope).key;
    Objects.requireNonNull(day, "day");
    LatePlan extra = LatePlan.of(key, day, late.count(scope, day));
    return DayPlan.hourCounts(key, day, eventsPerDay)[hour] + extra.countIn(hour)
        + scenarios.count(scope, day, hour);
  }

  /**
   * The per-day status of the scope (all hours): count, and the exact size of that day's records as an NDJSON body of
   * the given shape. The size needs the day's events to be generated once (about 5 microseconds each); results are
   * cached, so repeated status calls are cheap.
   */
  public DayStatus dayStatus(Scope scope, LocalDate day, RecordShape shape) {
    return dayStatus(scope, day, OptionalInt.empty(), shape);
  }

  /** As {@link #dayStatus(Scope, LocalDate, RecordShape)}, restricted to a SearchTime hour if one is given. */
  public DayStatus dayStatus(Scope scope, LocalDate day, OptionalInt hour, RecordShape shape) {
    // the extra-event count is part of the key: an addition makes the cached figures stale
    StatusKey key = new StatusKey(scope, day, hour, shape, late.count(scope, day), scenarios.count(scope, day));
    DayStatus cached = statusCache.get(key);
    if (cached != null) {
      return cached;
    }
    BodySource source = bodySource(new DownloadSpec(scope, day, day, hour, Framing.NDJSON, shape, false, 0, false));
    long size = 0;
    while (source.next() != BodySource.Piece.END) {
      size += source.buf().size();
      source.buf().clear();
    }
    DayStatus status = new DayStatus(day, source.goodRecords(), size);
    if (statusCache.size() >= STATUS_CACHE_LIMIT) {
      statusCache.clear();
    }
    statusCache.put(key, status);
    return status;
  }

  /**
   * The download body, uncompressed: the spec's records framed as asked, produced lazily. Each element is the bytes
   * of one record <em>including</em> its framing (separators, array brackets); for ARRAY the closing bracket comes as
   * a last element of its own.
   */
  public Iterator<byte[]> framedRecords(DownloadSpec spec) {
    BodySource source = bodySource(spec);
    return new Iterator<>() {
      private byte[] next = advance();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public byte[] next() {
        if (next == null) {
          throw new NoSuchElementException("no more records in this download");
        }
        byte[] current = next;
        next = advance();
        return current;
      }

      private byte[] advance() {
        while (true) {
          source.buf().clear();
          BodySource.Piece piece = source.next();
          if (piece == BodySource.Piece.END) {
            return null;
          }
          if (source.buf().size() > 0) {
            return source.buf().copy(0, source.buf().size());
          }
        }
      }
    };
  }

  /** The exact expected events of a download (walks the events; no bytes are compressed). */
  public ExpectedEvents expected(DownloadSpec spec) {
    BodySource source = bodySource(spec);
    List<String> ids = new ArrayList<>();
    for (BodySource.Piece piece = source.next(); piece != BodySource.Piece.END; piece = source.next()) {
      if (piece == BodySource.Piece.RECORD) {
        String id = source.knownId();
        ids.add(id != null ? id
            : CanonicalJson.sha256Hex(source.buf().array(), source.recordStart(),
                source.recordEnd() - source.recordStart()));
      }
      source.buf().clear();
    }
    Collections.sort(ids);
    String digest = CanonicalJson.sha256Hex(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
    return new ExpectedEvents(ids.size(), Collections.unmodifiableList(ids), digest, source.malformedRecords());
  }

  BodySource bodySource(DownloadSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return new BodySource(context(spec.scope()), eventsPerDay, late, scenarios, spec);
  }

  /** The catalog's deflate threads, created on first use (see {@link DeflatePool}: they end when idle). */
  synchronized DeflatePool deflatePool() {
    if (closed) {
      throw new IllegalStateException("this event catalog is closed: its deflate threads are gone, so it serves no "
          + "more downloads; create a new catalog");
    }
    if (deflatePool == null) {
      deflatePool = new DeflatePool(Runtime.getRuntime().availableProcessors());
    }
    return deflatePool;
  }

  /**
   * Ends the catalog's deflate threads now (they would otherwise end after 30 s idle) and waits for them, so an
   * embedding server can release every thread it started. Counts, statuses and expected events keep working;
   * downloads ({@link GzipChunks}) do not. Safe to call more than once.
   */
  @Override
  public void close() {
    DeflatePool pool;
    synchronized (this) {
      closed = true;
      pool = deflatePool;
      deflatePool = null;
    }
    if (pool != null) {
      pool.shutdown(10_000);
    }
  }

  private ScopeContext context(Scope scope) {
    return new ScopeContext(seed, Objects.requireNonNull(scope, "scope"));
  }

  private record StatusKey(Scope scope, LocalDate day, OptionalInt hour, RecordShape shape, long added,
      long scenario) {}
}
