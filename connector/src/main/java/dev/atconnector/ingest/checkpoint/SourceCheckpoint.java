package dev.atconnector.ingest.checkpoint;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's hold on one source's checkpoint: takes the lease, and is then the only writer of the document in
 * this process. Writes are serialised here (synchronized) and each names the version this object wrote last, so a
 * write that conflicts can only mean another process wrote in between: it took the lease over, and this source
 * stops ({@link CheckpointException.Kind#TAKEN_OVER}). Every write also extends the lease by its time to live.
 *
 * <p>Blocking (Elasticsearch calls): use it off the event loops.
 */
public final class SourceCheckpoint {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCheckpoint.class);

  private final CheckpointStore store;
  private final SourceId source;
  private final String owner;
  private final Duration ttl;
  private final Clock clock;
  private final Instant since;
  private CheckpointStore.Stored current;
  /** The last day any earlier run may have written, as the checkpoint said before this run took it. */
  private Optional<LocalDate> priorReach = Optional.empty();

  private SourceCheckpoint(CheckpointStore store, SourceId source, String owner, Duration ttl, Clock clock,
      CheckpointStore.Stored current, Instant since) {
    this.since = since;
    this.store = store;
    this.source = source;
    this.owner = owner;
    this.ttl = ttl;
    this.clock = clock;
    this.current = current;
  }

  /** {@code host/pid/uuid}: unique per process, and says where to look for it. */
  public static String processOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host"; // the pid and uuid still make the owner unique
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID();
  }

  /**
   * Takes the source's lease for {@code owner}: when there is no checkpoint, no lease, an expired lease, or one of
   * this owner. Also sets the range asked for (see {@link WindowPlan#continues}).
   *
   * @throws CheckpointException {@code LEASED} naming the owner and expiry when another process holds it
   */
  public static SourceCheckpoint acquire(CheckpointStore store, SourceId source, String owner, Duration ttl,
      Clock clock, LocalDate start, LocalDate end) {
    Claim claim = claim(store, source, owner, ttl, clock, start, end);
    if (claim.heldBy().isPresent()) {
      throw leased(source, claim.heldBy().get());
    }
    return claim.taken().orElseThrow();
  }

  /** The error of a source another process holds: names the holder and until when. */
  public static CheckpointException leased(SourceId source, Checkpoint.Lease held) {
    return new CheckpointException(CheckpointException.Kind.LEASED, 0, "source " + source + " is held by "
        + held.owner() + " (" + held.heldSince().map(t -> "since " + t + ", ").orElse("") + "lease until "
        + held.expiresAt() + "): another connector runs it", null);
  }

  /**
   * What {@link #claim} got: the source ({@code taken}), or the live lease of another process ({@code heldBy}).
   * {@code tookOverFrom} is the lease of another process that had expired (or whose process on this host has
   * ended) and was replaced: a takeover, so the caller deletes the session that process left open.
   */
  public record Claim(Optional<SourceCheckpoint> taken, Optional<Checkpoint.Lease> heldBy,
      Optional<Checkpoint.Lease> tookOverFrom) {}

  /**
   * Claims the source as {@link #acquire} does, with a conditional write (a process that read the same version and
   * wrote first wins; the loser reads again and sees its lease), but reports a live lease of another process as a
   * value instead of an error.
   */
  public static Claim claim(CheckpointStore store, SourceId source, String owner, Duration ttl, Clock clock,
      LocalDate start, LocalDate end) {
    return claim(store, source, owner, ttl, clock, start, end, false);
  }

  /**
   * As {@link #claim(CheckpointStore, SourceId, String, Duration, Clock, LocalDate, LocalDate)}; {@code keepRange}
   * leaves an existing checkpoint's range as it is ({@code --retry-failed} reads recorded windows, not a range).
   */
  public static Claim claim(CheckpointStore store, SourceId source, String owner, Duration ttl, Clock clock,
      LocalDate start, LocalDate end, boolean keepRange) {
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      Optional<CheckpointStore.Stored> found = store.get(source);
      try {
        if (found.isEmpty()) {
          CheckpointStore.Stored created = store.create(Checkpoint.fresh(source, start, end, now)
              .withLease(Optional.of(new Checkpoint.Lease(owner, now.plus(ttl), now))));
          return new Claim(Optional.of(new SourceCheckpoint(store, source, owner, ttl, clock, created, now)),
              Optional.empty(), Optional.empty());
        }
        Checkpoint c = found.get().checkpoint();
        Optional<Checkpoint.Lease> held = c.lease().filter(l -> heldByAnother(l, owner, now, true));
        if (held.isPresent()) {
          return new Claim(Optional.empty(), held, Optional.empty());
        }
        Instant since = c.lease().filter(l -> l.owner().equals(owner)).flatMap(Checkpoint.Lease::heldSince)
            .orElse(now);
        Checkpoint next = keepRange ? c : WindowPlan.continues(c, start)
            ? c.withRange(c.rangeStart(), end, c.passedThrough())
            : restarted(c, start, end);
        CheckpointStore.Stored taken = store.replace(found.get(), next.withLease(Optional.of(
            new Checkpoint.Lease(owner, now.plus(ttl), since))).withUpdatedAt(now));
        SourceCheckpoint acquired = new SourceCheckpoint(store, source, owner, ttl, clock, taken, since);
        acquired.priorReach = reach(c);
        return new Claim(Optional.of(acquired), Optional.empty(), c.lease().filter(l -> !l.owner().equals(owner)));
      } catch (CheckpointException e) {
        // a 409 here is a race with another process taking the lease: read again, and its lease will show
        if (e.kind() != CheckpointException.Kind.TAKEN_OVER || attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /**
   * True when {@code lease} keeps {@code owner} out at {@code now}: another owner's, unexpired, and not of a process
   * of this host that has ended.
   */
  public static boolean heldByAnother(Checkpoint.Lease lease, String owner, Instant now) {
    return heldByAnother(lease, owner, now, false);
  }

  private static boolean heldByAnother(Checkpoint.Lease l, String owner, Instant now, boolean log) {
    return l.heldAt(now) && !l.owner().equals(owner) && !deadLocalOwner(l.owner(), log);
  }

  /**
   * True when the owner ran on this host under a pid that no longer exists: a process killed with {@code kill -9}
   * (no chance to release its lease), so the next run need not wait for the lease to expire. A reused pid only
   * makes this answer false (then the lease expires as usual); and should two hosts share a name, the process whose
   * lease was taken stops at its next checkpoint write (conditional), and re-read windows add no duplicates.
   */
  static boolean deadLocalOwner(String leaseOwner) {
    return deadLocalOwner(leaseOwner, true);
  }

  /** As {@link #deadLocalOwner(String)}; {@code log} says whether to log a dead one (not for heartbeats). */
  static boolean deadLocalOwner(String leaseOwner, boolean log) {
    String[] parts = leaseOwner.split("/");
    if (parts.length != 3 || !parts[0].equals(processOwner().split("/")[0])) {
      return false;
    }
    try {
      boolean dead = ProcessHandle.of(Long.parseLong(parts[1])).map(p -> !p.isAlive()).orElse(true);
      if (dead && log) {
        LOG.info("the lease holder {} ran on this host and has ended: taking the lease over", leaseOwner);
      }
      return dead;
    } catch (NumberFormatException e) {
      return false; // not an owner this connector wrote
    }
  }

  private static Checkpoint restarted(Checkpoint c, LocalDate start, LocalDate end) {
    LOG.info("source {}: range starting {} does not continue the checkpoint ({} .. {}): the checkpoint starts over "
        + "at {}", c.source(), start, c.rangeStart(), c.completedThrough().map(LocalDate::toString).orElse("none"),
        start);
    return c.withRange(start, end, Optional.empty());
  }

  /**
   * The last day an earlier run of this source may have stored events of: the latest of the days it completed,
   * the range it last asked for and the window of a session it left open. Empty for a source never run before.
   * Windows after it were never read, so their documents need no lookup before they are written.
   */
  public Optional<LocalDate> priorReach() {
    return priorReach;
  }

  private static Optional<LocalDate> reach(Checkpoint c) {
    LocalDate reach = c.rangeEnd();
    for (Optional<LocalDate> d : List.of(c.completedThrough(), c.openSession().map(Checkpoint.OpenSession::windowEnd))) {
      if (d.isPresent() && d.get().isAfter(reach)) {
        reach = d.get();
      }
    }
    return Optional.of(reach);
  }

  public SourceId source() {
    return source;
  }

  public String owner() {
    return owner;
  }

  /** When this process took the lease. */
  public Instant since() {
    return since;
  }

  public synchronized Checkpoint checkpoint() {
    return current.checkpoint();
  }

  /** Extends the lease (nothing else changes). */
  public void renew() {
    update(c -> c);
  }

  /** Records that a session for the window is about to be created (its id is not known yet). */
  public void sessionCreating(LocalDate windowStart, LocalDate windowEnd) {
    sessionOpened("", windowStart, windowEnd);
  }

  /** Records a session before its download starts (a killed run leaves its id here for the next run). */
  public void sessionOpened(String id, LocalDate windowStart, LocalDate windowEnd) {
    Instant now = clock.instant();
    update(c -> c.withOpenSession(Optional.of(new Checkpoint.OpenSession(id, windowStart, windowEnd, now))));
  }

  /**
   * The session's delete failed after its retries, after its window ended: it is recorded (again) so the next
   * start deletes it; {@code verified} when its window finished, so nothing it stored needs taking back.
   */
  public void sessionLeftOpen(String id, LocalDate windowStart, LocalDate windowEnd, boolean verified) {
    Instant now = clock.instant();
    update(c -> c.withOpenSession(Optional.of(new Checkpoint.OpenSession(id, windowStart, windowEnd, now, false,
        verified))));
  }

  /**
   * The session is deleted but the window left documents that must be taken back: {@code open_session} stays for
   * the next run, with the error.
   */
  public void sessionLeftSuspect(Optional<String> error) {
    Instant now = clock.instant();
    update(c -> {
      Checkpoint next = c.withOpenSession(c.openSession().map(Checkpoint.OpenSession::asDeleted));
      return error.isEmpty() ? next : next.withLastError(error.map(m -> new Checkpoint.LastError(m, now)));
    });
  }

  /** The session is deleted (or known gone) and the window did not finish: the mark stays. */
  public void sessionClosed(Optional<String> error) {
    Instant now = clock.instant();
    update(c -> {
      Checkpoint next = c.withOpenSession(Optional.empty());
      return error.isEmpty() ? next : next.withLastError(error.map(m -> new Checkpoint.LastError(m, now)));
    });
  }

  /** Every event of a window is acknowledged and its session deleted: moves the mark to {@code through}. */
  public void windowDone(Optional<LocalDate> through, Checkpoint.Counts add) {
    update(c -> {
      Checkpoint next = c.withOpenSession(Optional.empty());
      return next.withCompleted(through.or(next::passedThrough), add);
    });
  }

  /**
   * Every event of the window {@code start..end} is acknowledged and its session deleted: moves the mark to
   * {@code through} (never backwards) and clears those days from the failed windows, so {@code completed_through}
   * may jump over a failed window read successfully now (by {@code --retry-failed} or {@code --reread}).
   */
  public void windowDone(LocalDate start, LocalDate end, Optional<LocalDate> through, Checkpoint.Counts add) {
    update(c -> c.withOpenSession(Optional.empty()).withProgress(later(c.passedThrough(), through),
        FailedWindows.clear(c.failedWindows(), start, end), add));
  }

  /**
   * The content of the window {@code start..end} failed on every attempt and it is given up for now
   * ({@code --errors-tolerance window}): recorded as failed, the mark passes it ({@code through}, for scheduling),
   * {@code completed_through} stays before it.
   */
  public void windowFailed(LocalDate start, LocalDate end, Optional<LocalDate> through, String reason, long attempts,
      List<String> sessions) {
    Instant now = clock.instant();
    update(c -> c.withOpenSession(Optional.empty()).withProgress(later(c.passedThrough(), through),
        FailedWindows.record(c.failedWindows(), start, end, reason, attempts, sessions, now), Checkpoint.Counts.ZERO)
        .withLastError(Optional.of(new Checkpoint.LastError("window " + start + " .. " + end + " failed: "
            + reason, now))));
  }

  private static Optional<LocalDate> later(Optional<LocalDate> a, Optional<LocalDate> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.filter(d -> d.isAfter(a.get())).or(() -> a);
  }

  /** Sets the range end (follow mode moves it to today). */
  public void rangeEnd(LocalDate end) {
    update(c -> c.withRange(c.rangeStart(), end, c.passedThrough()));
  }

  /** Gives the lease up at the end of a run, so another process need not wait for it to expire. */
  public void release() {
    update(c -> c.withLease(Optional.empty()), false);
  }

  private void update(UnaryOperator<Checkpoint> change) {
    update(change, true);
  }

  private synchronized void update(UnaryOperator<Checkpoint> change, boolean keepLease) {
    Instant now = clock.instant();
    Checkpoint next = change.apply(current.checkpoint()).withUpdatedAt(now)
        .withLease(keepLease ? Optional.of(new Checkpoint.Lease(owner, now.plus(ttl), since)) : Optional.empty());
    try {
      current = store.replace(current, next);
    } catch (CheckpointException e) {
      if (e.kind() != CheckpointException.Kind.TAKEN_OVER) {
        throw e;
      }
      String holder = store.get(source).flatMap(s -> s.checkpoint().lease())
          .map(l -> l.owner() + " (until " + l.expiresAt() + ")").orElse("another process");
      throw new CheckpointException(CheckpointException.Kind.TAKEN_OVER, 409, "source " + source + " was taken over "
          + "by " + holder + " while this run held it (its lease of " + ttl.toSeconds() + " s could not be renewed in "
          + "time?): stopping this source", e);
    }
  }
}
