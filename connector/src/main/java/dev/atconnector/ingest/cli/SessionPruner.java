package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
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
final class SessionPruner {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPruner.class);

  /** What a prune did. */
  record Outcome(List<AtSession> deleted, int kept, List<String> failed) {}

  private SessionPruner() {}

  static Outcome prune(AtClient client, Duration olderThan, Instant now) {
    List<AtSession> all = client.listSessions().collectList().block(AtCommand.CALL_LIMIT);
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
        client.deleteSession(s.id()).block(AtCommand.CALL_LIMIT);
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
