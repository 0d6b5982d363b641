package dev.atconnector.sim.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.sim.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The session log (issue 5: tests assert from it that two connector processes never overlap). */
class SessionLogTest {
  private static final LocalDate START = LocalDate.of(2018, 6, 20);
  private static final LocalDate END = LocalDate.of(2018, 6, 27);
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T12:50:36.012383445Z"));
  private final SessionStore store = new SessionStore(clock, 1);

  @Test
  void recordsCreateFirstDownloadAndDeleteInMilliseconds() {
    Session session = store.create("space-1", "alice", new SessionQuery(START, END, true, OptionalInt.of(9)));
    clock.advance(Duration.ofNanos(1_500_000_123));
    session.startDownload(clock.instant());
    clock.advance(Duration.ofSeconds(2));
    session.startDownload(clock.instant());
    clock.advance(Duration.ofSeconds(3));
    store.delete(session.id(), "space-1", "alice");

    SessionLogEntry entry = store.log().get(0);

    assertThat(entry.id()).isEqualTo(session.id());
    assertThat(entry.spaceId()).isEqualTo("space-1");
    assertThat(entry.user()).isEqualTo("alice");
    assertThat(entry.accountLevel()).isTrue();
    assertThat(entry.start()).isEqualTo(START);
    assertThat(entry.end()).isEqualTo(END);
    assertThat(entry.hour()).isEqualTo(9);
    assertThat(entry.createdAt()).isEqualTo(Instant.parse("2018-06-28T12:50:36.012Z"));
    // the first download counts, not the latest
    assertThat(entry.firstDownloadAt()).isEqualTo(Instant.parse("2018-06-28T12:50:37.512Z"));
    assertThat(entry.deletedAt()).isEqualTo(Instant.parse("2018-06-28T12:50:42.512Z"));
    assertThat(entry.open()).isFalse();
  }

  @Test
  void keepsDeletedAndOpenSessionsInCreationOrder() {
    SessionQuery query = new SessionQuery(START, END, false, OptionalInt.empty());
    Session first = store.create("space-1", "alice", query);
    clock.advance(Duration.ofMillis(5));
    Session second = store.create("space-2", "bob", query);
    store.delete(first.id(), "space-1", "alice");

    List<SessionLogEntry> log = store.log();

    assertThat(log).extracting(SessionLogEntry::id).containsExactly(first.id(), second.id());
    assertThat(log.get(0).deletedAt()).isNotNull();
    assertThat(log.get(1).open()).isTrue();
    assertThat(log.get(1).deletedAt()).isNull();
    assertThat(log.get(1).firstDownloadAt()).isNull();
    assertThat(log.get(1).hour()).isNull();
    // the store's open sessions no longer hold the deleted one, the log does
    assertThat(store.all()).containsExactly(second);
  }

  @Test
  void jsonFormKeepsNullsAndUsesIsoInstants() {
    Session session = store.create("space-1", "alice", new SessionQuery(START, END, false, OptionalInt.empty()));

    var json = session.logEntry().toJson();

    assertThat(json).containsEntry("id", session.id()).containsEntry("space", "space-1")
        .containsEntry("accountLevel", false).containsEntry("start", "2018-06-20").containsEntry("end", "2018-06-27")
        .containsEntry("createdAt", "2018-06-28T12:50:36.012Z").containsEntry("hour", null)
        .containsEntry("firstDownloadAt", null).containsEntry("deletedAt", null);
  }
}
