package dev.atconnector.ingest.metrics;

/**
 * The one catalogue of meter names (documented in {@code docs/metrics.md}; keep both in step). Names are lowercase
 * and dotted; Prometheus renders dots as underscores and appends the base unit ({@code at.download.bytes} becomes
 * {@code at_download_bytes_total}). Every tag has a fixed, small set of values, listed where the meter is built.
 */
public final class MeterNames {
  private MeterNames() {}

  /** Compressed bytes received from download bodies (counter, bytes). */
  public static final String DOWNLOAD_BYTES = "at.download.bytes";
  /** Records framed from downloads, events and dead letters alike (counter). */
  public static final String RECORDS_READ = "at.records.read";
  /** Records decoded and normalised into an indexable document (counter). */
  public static final String RECORDS_PARSED = "at.records.parsed";
  /** Documents created in Elasticsearch (counter). */
  public static final String RECORDS_INDEXED = "at.records.indexed";
  /** Documents already present: 409 on create (counter). */
  public static final String RECORDS_DUPLICATES = "at.records.duplicates";
  /** Records stored in the dead-letter index (counter, tag {@code stage}). */
  public static final String RECORDS_DEAD_LETTERED = "at.records.dead_lettered";
  /**
   * Documents and dead letters deleted again because the download they came from turned out damaged before its
   * gzip check vouched for them (counter).
   */
  public static final String RECORDS_RETRACTED = "at.records.retracted";
  /** Retries (counter, tags {@code side}, {@code reason}). */
  public static final String RETRIES = "at.retries";
  /** Bulk requests by how they ended (counter, tag {@code outcome}). */
  public static final String BULK_REQUESTS = "at.bulk.requests";
  /** Bulk items sent again after an item-level 429/5xx (counter). */
  public static final String BULK_ITEMS_RETRIED = "at.bulk.items.retried";
  /** Round trip of one bulk request (timer). */
  public static final String BULK_LATENCY = "at.bulk.latency";
  /** Estimated body size of one bulk request (distribution, bytes). */
  public static final String BULK_SIZE_BYTES = "at.bulk.size.bytes";
  /** Operations in one bulk request (distribution). */
  public static final String BULK_SIZE_DOCS = "at.bulk.size.docs";
  /**
   * Download sessions created / deleted (counters). Not {@code .created}: Prometheus reserves the {@code _created}
   * suffix and would drop it.
   */
  public static final String SESSIONS_CREATED = "at.sessions.opened";
  public static final String SESSIONS_DELETED = "at.sessions.deleted";
  /** Age of the oldest open download session, 0 when none is open (gauge, seconds). */
  public static final String SESSION_AGE = "at.session.age";
  /** How far a source's checkpoint is behind now (gauge, seconds, tag {@code source}). */
  public static final String CHECKPOINT_LAG = "at.checkpoint.lag";
  /**
   * Windows of a source recorded as failed in its checkpoint, their content having failed on every attempt (gauge,
   * tag {@code source}).
   */
  public static final String WINDOWS_FAILED = "at.windows.failed";
  /** 1 while a side's last request succeeded, 0 otherwise (gauge, tag {@code side}). */
  public static final String UP = "at.up";
  /** Sources this process claimed (counter, tag {@code kind} = {@code free} | {@code takeover}). */
  public static final String LEASE_CLAIMS = "at.lease.claims";
  /** Leases this process gave up (counter, tag {@code reason} = {@code stop} | {@code balance} | {@code end} |
   * {@code failure}). */
  public static final String LEASE_RELEASES = "at.lease.releases";
  /** Leases another process took over while this one held them (counter): fencing stopped this one. */
  public static final String LEASE_LOST = "at.lease.lost";
  /** Sources this process holds now (gauge). */
  public static final String LEASE_HELD = "at.lease.held";
  /** Live processes sharing this process's sources, itself included (gauge; 0 outside {@code --follow}). */
  public static final String LEASE_MEMBERS = "at.lease.members";
}
