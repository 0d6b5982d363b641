package dev.atconnector.sim.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.sim.MutableClock;
import dev.atconnector.sim.server.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T00:00:00Z"));
  private final TokenStore store =
      new TokenStore(Map.of("static-1", "alice"), Map.of("key-1", "bob"), Duration.ofSeconds(60), clock);

  private static void assertUnauthorized(Runnable call, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo(code);
    });
  }

  @Test
  void staticTokensNeverExpire() {
    clock.advance(Duration.ofDays(400));
    assertThat(store.userOf("static-1")).isEqualTo("alice");
  }

  @Test
  void issuedTokensExpireAfterTheLifetime() {
    TokenStore.Issued issued = store.issue("bob");
    assertThat(issued.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.userOf(issued.accessToken())).isEqualTo("bob");
    clock.advance(Duration.ofSeconds(1));
    assertUnauthorized(() -> store.userOf(issued.accessToken()), "token_expired");
  }

  @Test
  void refreshIssuesAFreshAccessToken() {
    TokenStore.Issued first = store.issue("bob");
    clock.advance(Duration.ofSeconds(120));
    TokenStore.Issued second = store.refresh(first.refreshToken()).orElseThrow();
    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(store.userOf(second.accessToken())).isEqualTo("bob");
    assertThat(store.refresh("unknown")).isEmpty();
  }

  @Test
  void unknownTokensAreInvalid() {
    assertUnauthorized(() -> store.userOf("nope"), "invalid_token");
  }

  @Test
  void expiredOnPurposeWinsEvenForStaticTokens() {
    store.expire("static-1");
    assertUnauthorized(() -> store.userOf("static-1"), "token_expired");
  }

  @Test
  void apiKeysMapToTheirUser() {
    assertThat(store.userOfApiKey("key-1")).contains("bob");
    assertThat(store.userOfApiKey("key-2")).isEmpty();
  }

  @Test
  void issuedTokensAreRandomAndNotInToString() {
    TokenStore.Issued a = store.issue("bob");
    TokenStore.Issued b = store.issue("bob");
    assertThat(a.accessToken()).hasSize(64).isNotEqualTo(b.accessToken());
    assertThat(a.toString()).doesNotContain(a.accessToken()).doesNotContain(a.refreshToken());
  }
}
