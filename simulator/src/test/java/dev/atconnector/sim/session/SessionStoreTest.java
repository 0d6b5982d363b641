package dev.atconnector.sim.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.sim.server.ApiError;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private static final SessionQuery QUERY =
      new SessionQuery(LocalDate.of(2018, 6, 27), LocalDate.of(2018, 6, 27), false, OptionalInt.empty());
  private final SessionStore store =
      new SessionStore(Clock.fixed(Instant.parse("2018-06-28T12:50:36.012383445Z"), ZoneOffset.UTC), 7);

  @Test
  void atMostThirtyOpenSessionsPerSpaceAndUser() {
    for (int i = 0; i < SessionStore.MAX_OPEN; i++) {
      store.create("space", "alice", QUERY);
    }
    assertThatThrownBy(() -> store.create("space", "alice", QUERY)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.code()).isEqualTo("too_many_sessions");
      assertThat(e.retryAfterSeconds()).isEqualTo(7);
    });
    // other users and other spaces have their own allowance
    assertThat(store.create("space", "bob", QUERY).user()).isEqualTo("bob");
    assertThat(store.create("other", "alice", QUERY).space()).isEqualTo("other");
    // deleting one frees a slot
    store.delete(store.list("space", "alice").get(0).id(), "space", "alice");
    assertThat(store.create("space", "alice", QUERY)).isNotNull();
    assertThat(store.created()).isEqualTo(33);
    assertThat(store.deleted()).isEqualTo(1);
  }

  @Test
  void aSessionIsOnlyVisibleToItsUserInItsSpace() {
    Session session = store.create("space", "alice", QUERY);
    assertThat(store.find(session.id(), "space", "alice")).contains(session);
    assertThat(store.find(session.id(), "space", "bob")).isEmpty();
    assertThat(store.find(session.id(), "other", "alice")).isEmpty();
    assertThat(store.list("space", "bob")).isEmpty();
    assertThatThrownBy(() -> store.delete(session.id(), "space", "bob"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("session_not_found"));
    assertThat(store.all()).containsExactly(session);
  }

  @Test
  void deleteTwiceIsNotFound() {
    Session session = store.create("space", "alice", QUERY);
    store.delete(session.id(), "space", "alice");
    assertThatThrownBy(() -> store.delete(session.id(), "space", "alice"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void jsonHasTheDocumentedShape() {
    Session session = store.create("c1234567", "xxx@ibm.com",
        new SessionQuery(LocalDate.of(2018, 6, 27), LocalDate.of(2018, 6, 27), true, OptionalInt.of(4)));
    assertThat(UUID.fromString(session.id()).toString()).isEqualTo(session.id());
    assertThat(session.toJson()).containsExactly(
        org.assertj.core.api.Assertions.entry("id", session.id()),
        org.assertj.core.api.Assertions.entry("space", "c1234567"),
        org.assertj.core.api.Assertions.entry("username", "xxx@ibm.com"),
        org.assertj.core.api.Assertions.entry("create-time", "2018-06-28T12:50:36.012383445Z"),
        org.assertj.core.api.Assertions.entry("access-time", "2018-06-28T12:50:36.012383445Z"),
        org.assertj.core.api.Assertions.entry("date-range",
            java.util.Map.of("Start", "2018-06-27", "End", "2018-06-27")),
        org.assertj.core.api.Assertions.entry("types", java.util.Map.of("Type", "ActivityTracker", "AtAccountLevel", true)),
        org.assertj.core.api.Assertions.entry("search-time", "4"));
  }

  @Test
  void timesHaveNineFractionalDigits() {
    assertThat(Times.format(Instant.parse("2018-06-28T12:50:36Z"))).isEqualTo("2018-06-28T12:50:36.000000000Z");
  }
}
