package dev.atconnector.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The sessions a killed run left open are deleted at the next start; a failed delete keeps them recorded. */
class LeftSessionsTest {
  private static final LocalDate START = LocalDate.of(2019, 6, 1);
  private static final LocalDate END = LocalDate.of(2019, 6, 1);

  private final FakeSessions service = new FakeSessions();
  private final LeftSessions left = new LeftSessions(service, Duration.ofSeconds(5));

  @Test
  void theRecordedSessionIsDeletedAndOneAlreadyGoneIsNoError() {
    service.existing("recorded", "2019-06-20T05:00:00Z");

    assertThat(left.delete("recorded")).isTrue();
    assertThat(service.open).isEmpty();
    assertThat(left.delete("gone")).as("404: deleted already").isFalse();
  }

  @Test
  void aDeleteThatFailsOtherwiseIsThrownSoTheSessionStaysRecorded() {
    service.existing("recorded", "2019-06-20T05:00:00Z");
    service.failingDeletes.add("recorded");

    assertThatThrownBy(() -> left.delete("recorded")).isInstanceOf(SourceException.class).hasMessage("HTTP 503");
    assertThat(service.open).containsOnlyKeys("recorded");
  }

  @Test
  void aSessionCreatedButNeverRecordedIsFoundByItsWindowLevelAndCreateTime() {
    Instant killedAt = Instant.parse("2019-06-20T12:00:00Z");
    service.open.put("ours", session("ours", START, END, false, "2019-06-20T11:59:00Z"));
    service.open.put("older", session("older", START, END, false, "2019-06-20T10:00:00Z"));
    service.open.put("other-window", session("other-window", START, END.plusDays(1), false, "2019-06-20T12:00:01Z"));
    service.open.put("account-level", session("account-level", START, END, true, "2019-06-20T12:00:01Z"));
    service.open.put("no-time", session("no-time", START, END, false, "?"));

    assertThat(left.deleteCreatedSince(START, END, false, killedAt)).extracting(AtSession::id)
        .containsExactly("ours");
    assertThat(service.open).containsOnlyKeys("older", "other-window", "account-level", "no-time");
  }

  private static AtSession session(String id, LocalDate start, LocalDate end, boolean account, String created) {
    return new AtSession(id, "space", start.toString(), end.toString(), account, "", created, created);
  }
}
