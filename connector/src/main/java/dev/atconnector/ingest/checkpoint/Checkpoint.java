package dev.atconnector.ingest.checkpoint;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One source's checkpoint document (index {@code at-connector-checkpoints}, id {@link SourceId#id()}).
 *
 * @param rangeStart first day of the range this checkpoint counts from
 * @param rangeEnd last day asked for by the latest run (today for {@code --follow})
 * @param completedThrough last day of the last window whose every event was acknowledged by Elasticsearch (or
 *     dead-lettered) and whose session was deleted; empty when no window finished yet. Days from
 *     {@code rangeStart} through it are done.
 * @param openSession a session created and not yet known deleted: recorded before its download starts, so a run
 *     killed with {@code kill -9} leaves its id for the next run to delete
 * @param lease who may write this checkpoint, and until when
 * @param lastError the latest window failure, kept after later successes for the {@code checkpoints} command
 * @param passedThrough last day of the last window that either finished or was recorded as failed: where the next
 *     run continues (scheduling only). Equals {@code completedThrough} while no window is failed.
 * @param failedWindows windows whose content failed on every attempt ({@code --errors-tolerance window}), in day
 *     order, not overlapping: {@code completedThrough} always stays before the first of them
 */
public record Checkpoint(
    SourceId source,
    LocalDate rangeStart,
    LocalDate rangeEnd,
    Optional<LocalDate> completedThrough,
    Optional<OpenSession> openSession,
    Optional<Lease> lease,
    Optional<LastError> lastError,
    Instant updatedAt,
    Counts counts,
    Optional<LocalDate> passedThrough,
    List<FailedWindow> failedWindows) {

  public Checkpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(rangeStart, "rangeStart");
    Objects.requireNonNull(rangeEnd, "rangeEnd");
    Objects.requireNonNull(completedThrough, "completedThrough");
    Objects.requireNonNull(openSession, "openSession");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(passedThrough, "passedThrough");
    failedWindows = List.copyOf(failedWindows);
  }

  /** A checkpoint without failed windows: passed through is completed through. */
  public Checkpoint(SourceId source, LocalDate rangeStart, LocalDate rangeEnd, Optional<LocalDate> completedThrough,
      Optional<OpenSession> openSession, Optional<Lease> lease, Optional<LastError> lastError, Instant updatedAt,
      Counts counts) {
    this(source, rangeStart, rangeEnd, completedThrough, openSession, lease, lastError, updatedAt, counts,
        completedThrough, List.of());
  }

  /**
   * A window recorded as failed: its content failed on every attempt (a download that never decodes, a damage that
   * stays after its take-backs). Its days are not done; later windows went on.
   *
   * @param reason the last failure's message (free of secrets)
   * @param attempts downloads of the window over every run that tried it
   * @param firstFailedAt when it was first recorded
   * @param failedAt when it failed last
   * @param sessions the session ids tried, oldest first (at most {@link #MAX_SESSIONS})
   */
  public record FailedWindow(LocalDate start, LocalDate end, String reason, long attempts, Instant firstFailedAt,
      Instant failedAt, List<String> sessions) {
    public static final int MAX_SESSIONS = 10;

    public FailedWindow {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(firstFailedAt, "firstFailedAt");
      Objects.requireNonNull(failedAt, "failedAt");
      sessions = List.copyOf(sessions.size() > MAX_SESSIONS
          ? sessions.subList(sessions.size() - MAX_SESSIONS, sessions.size()) : sessions);
    }

    /** The same failure on fewer days (the rest were read since). */
    public FailedWindow on(LocalDate from, LocalDate to) {
      return new FailedWindow(from, to, reason, attempts, firstFailedAt, failedAt, sessions);
    }

    @Override
    public String toString() {
      return start.equals(end) ? start.toString() : start + ".." + end;
    }
  }

  /**
   * A session recorded before its download started. The id is empty while its create request is in flight
   * ({@link #pending()}): a run killed then leaves no id, and the next run finds the session by its window and time.
   * The next start deletes the session unless it is {@code deleted} already, and takes back what it stored unless
   * it is {@code verified} (its window finished, every record vouched for, only the delete failed).
   */
  public record OpenSession(String id, LocalDate windowStart, LocalDate windowEnd, Instant createdAt,
      boolean deleted, boolean verified) {
    /** A session not known deleted, whose stored documents gzip has not vouched for yet. */
    public OpenSession(String id, LocalDate windowStart, LocalDate windowEnd, Instant createdAt) {
      this(id, windowStart, windowEnd, createdAt, false, false);
    }

    public boolean pending() {
      return id.isEmpty();
    }

    /**
     * The same session, deleted already: it stays recorded only because documents it stored were never vouched
     * for by gzip (its window stopped inside a member) and must be taken back before the window is read again.
     */
    public OpenSession asDeleted() {
      return new OpenSession(id, windowStart, windowEnd, createdAt, true, verified);
    }
  }

  /**
   * The owner ({@code host/pid/uuid}) holds the source until {@code expiresAt} unless it renews; it has held it
   * since {@code since} ({@link Instant#EPOCH} when unknown: a lease written by an older version).
   */
  public record Lease(String owner, Instant expiresAt, Instant since) {
    public Lease {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(since, "since");
    }

    /** A lease whose start is not known. */
    public Lease(String owner, Instant expiresAt) {
      this(owner, expiresAt, Instant.EPOCH);
    }

    public boolean heldAt(Instant now) {
      return expiresAt.isAfter(now);
    }

    /** When the holder took it, if known. */
    public Optional<Instant> heldSince() {
      return since.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(since);
    }
  }

  /** The message of the latest failure (already free of secrets) and when it happened. */
  public record LastError(String message, Instant at) {}

  /** Totals over the finished windows of this source. */
  public record Counts(long windows, long read, long indexed, long duplicates, long deadLettered) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(windows + o.windows, read + o.read, indexed + o.indexed, duplicates + o.duplicates,
          deadLettered + o.deadLettered);
    }
  }

  /** A fresh checkpoint for a source never seen before. */
  public static Checkpoint fresh(SourceId source, LocalDate start, LocalDate end, Instant now) {
    return new Checkpoint(source, start, end, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), now, Counts.ZERO);
  }

  /**
   * The range from {@code start}, passed through {@code passed}; failed windows before {@code start} are dropped
   * (the checkpoint no longer counts those days).
   */
  public Checkpoint withRange(LocalDate start, LocalDate end, Optional<LocalDate> passed) {
    return withProgress(start, end, passed, failedWindows.stream().filter(f -> !f.end().isBefore(start)).toList(),
        counts);
  }

  /** Passed through {@code through} (no window failed in between), adding {@code add} to the counts. */
  public Checkpoint withCompleted(Optional<LocalDate> through, Counts add) {
    return withProgress(rangeStart, rangeEnd, through, failedWindows, counts.plus(add));
  }

  /**
   * Passed through {@code passed} with these failed windows: {@code completed_through} follows, held before the
   * first failed window ({@link FailedWindows#completed}).
   */
  public Checkpoint withProgress(Optional<LocalDate> passed, List<FailedWindow> failed, Counts add) {
    return withProgress(rangeStart, rangeEnd, passed, failed, counts.plus(add));
  }

  private Checkpoint withProgress(LocalDate start, LocalDate end, Optional<LocalDate> passed,
      List<FailedWindow> failed, Counts total) {
    return new Checkpoint(source, start, end, FailedWindows.completed(start, passed, failed), openSession, lease,
        lastError, updatedAt, total, passed, failed);
  }

  public Checkpoint withOpenSession(Optional<OpenSession> s) {
    return new Checkpoint(source, rangeStart, rangeEnd, completedThrough, s, lease, lastError, updatedAt, counts,
        passedThrough, failedWindows);
  }

  public Checkpoint withLease(Optional<Lease> l) {
    return new Checkpoint(source, rangeStart, rangeEnd, completedThrough, openSession, l, lastError, updatedAt,
        counts, passedThrough, failedWindows);
  }

  public Checkpoint withLastError(Optional<LastError> e) {
    return new Checkpoint(source, rangeStart, rangeEnd, completedThrough, openSession, lease, e, updatedAt, counts,
        passedThrough, failedWindows);
  }

  public Checkpoint withUpdatedAt(Instant at) {
    return new Checkpoint(source, rangeStart, rangeEnd, completedThrough, openSession, lease, lastError, at, counts,
        passedThrough, failedWindows);
  }
}
