package dev.atconnector.ingest.session;

import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the sessions an earlier run of a source left open on the service (it never deletes one by itself): the
 * session a killed (or stopped mid-member) run recorded in its checkpoint, or the ones it created and was killed
 * before it could record. The checkpoint says which ({@code CheckpointTracker}); this does the deleting.
 */
public final class LeftSessions {
  private static final Logger LOG = LoggerFactory.getLogger(LeftSessions.class);
  /** Tolerated difference between this host's clock and the service's session create-time. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final SessionApi api;
  private final Duration timeout;

  /** @param timeout bound on one call, the client's retries included */
  public LeftSessions(SessionApi api, Duration timeout) {
    this.api = api;
    this.timeout = timeout;
  }

  /**
   * Deletes session {@code id}.
   *
   * @return false when it was gone already (404)
   * @throws SourceException when the delete failed otherwise: the session stays recorded for the next try
   */
  public boolean delete(String id) {
    try {
      api.delete(id).block(timeout);
      return true;
    } catch (SourceException e) {
      if (e.status() != 404) {
        throw e;
      }
      return false;
    }
  }

  /**
   * A run was killed while creating a session, before it could record the id: deletes this user's sessions for
   * exactly that window and level created since {@code since} (less {@link #CLOCK_SKEW}). The lease kept other
   * connectors off the source meanwhile; a session without a usable create time is not provably the run's and is
   * left to {@code session prune}.
   *
   * @return the sessions deleted
   */
  public List<AtSession> deleteCreatedSince(LocalDate start, LocalDate end, boolean accountLevel, Instant since) {
    Instant from = since.minus(CLOCK_SKEW);
    List<AtSession> found = api.list()
        .filter(s -> s.start().equals(start.toString()) && s.end().equals(end.toString())
            && s.accountLevel() == accountLevel && createdSince(s, from))
        .collectList().block(timeout);
    List<AtSession> deleted = new ArrayList<>();
    for (AtSession s : found == null ? List.<AtSession>of() : found) {
      api.delete(s.id()).block(timeout);
      LOG.info("deleted session {} ({} .. {}) an earlier run created and never recorded", s.id(), s.start(),
          s.end());
      deleted.add(s);
    }
    return List.copyOf(deleted);
  }

  private static boolean createdSince(AtSession s, Instant since) {
    try {
      return !Instant.parse(s.createTime()).isBefore(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
