package dev.atconnector.ingest.session;

import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the caller's sessions in the space that were not used for a while: ones a crashed run left open. The
 * service never deletes a session by itself and allows 30 per space (reference B.2), so they would pile up.
 * "Not used" is the session's {@code access-time} (set at create and when a download starts) against this
 * machine's clock.
 */
public final class SessionPruner {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPruner.class);
  /** Bound on one list or delete call. */
  private static final Duration CALL_LIMIT = Duration.ofMinutes(5);

  /** What a prune did. */
  public record Outcome(List<AtSession> deleted, int kept, List<String> failed) {}

  /**
   * Sessions unused for this long are pruned at the start of every run: far longer than a live run leaves a session
   * untouched, so a concurrent run or a manual download keeps its session.
   */
  public static final Duration AT_START_AGE = Duration.ofHours(6);

  private SessionPruner() {}

  /**
   * At a run's start: deletes sessions a crashed earlier run left open (the service never does, and a space holds
   * only 30), those unused for {@link #AT_START_AGE}. Only an auth failure stops the run here; others are its own
   * business.
   */
  public static void atStart(SessionApi at) {
    try {
      Outcome o = prune(at, AT_START_AGE, Instant.now());
      if (!o.deleted().isEmpty() || !o.failed().isEmpty()) {
        LOG.info("pruned {} stale session(s) unused for over {} h: {}{}", o.deleted().size(), AT_START_AGE.toHours(),
            o.deleted().stream().map(AtSession::id).toList(),
            o.failed().isEmpty() ? "" : "; could not delete " + o.failed());
      }
    } catch (SourceException e) {
      if (e.kind() == SourceException.Kind.AUTH) {
        throw e;
      }
      LOG.warn("could not look for stale sessions: {}", e.getMessage());
    }
  }

  public static Outcome prune(AtClient client, Duration olderThan, Instant now) {
    return prune(SessionApi.of(client), olderThan, now);
  }

  /** As {@link #prune(AtClient, Duration, Instant)} over any {@link SessionApi}. */
  public static Outcome prune(SessionApi client, Duration olderThan, Instant now) {
    List<AtSession> all = client.list().collectList().block(CALL_LIMIT);
    Instant cutoff = now.minus(olderThan);
    List<AtSession> deleted = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int kept = 0;
    for (AtSession s : all == null ? List.<AtSession>of() : all) {
      if (!lastUsedBefore(s, cutoff)) {
        kept++;
        continue;
      }
      try {
        client.delete(s.id()).block(CALL_LIMIT);
        LOG.info("pruned session {} (last used {}, days {}..{})", s.id(), s.accessTime(), s.start(), s.end());
        deleted.add(s);
      } catch (RuntimeException e) {
        // the others are still worth deleting; the caller reports the failed ones
        LOG.warn("could not prune session {}: {}", s.id(), e.getMessage());
        failed.add(s.id());
      }
    }
    return new Outcome(List.copyOf(deleted), kept, List.copyOf(failed));
  }

  private static boolean lastUsedBefore(AtSession s, Instant cutoff) {
    try {
      return Instant.parse(s.accessTime()).isBefore(cutoff);
    } catch (DateTimeParseException e) {
      LOG.warn("session {} has an unreadable access-time '{}': kept", s.id(), s.accessTime());
      return false;
    }
  }
}
