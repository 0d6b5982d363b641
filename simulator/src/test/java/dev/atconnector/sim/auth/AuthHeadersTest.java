package dev.atconnector.sim.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.sim.server.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthHeadersTest {
  @ParameterizedTest
  @ValueSource(strings = {"bearer abc.def", "Bearer abc.def", "BEARER   abc.def", "abc.def", "  abc.def  ", "bearer\tabc.def"})
  void tokenWithOrWithoutBearerPrefix(String header) {
    assertThat(AuthHeaders.token(header)).isEqualTo("abc.def");
  }

  @Test
  void aTokenThatStartsWithBearerLettersIsKept() {
    assertThat(AuthHeaders.token("bearerish")).isEqualTo("bearerish");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "bearer", "Bearer   "})
  void noTokenIsMissingToken(String header) {
    assertThatThrownBy(() -> AuthHeaders.token(header)).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("missing_token");
    });
    assertThatThrownBy(() -> AuthHeaders.token(null)).isInstanceOf(ApiError.class);
  }

  @Test
  void projectHeaderIsRequired() {
    assertThat(AuthHeaders.project(" space-1 ")).isEqualTo("space-1");
    assertThatThrownBy(() -> AuthHeaders.project(" ")).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("missing_header");
      assertThat(e.body().get("message")).contains("X-Auth-Project-Id");
    });
  }

  @Test
  void onlyTheCfClientWithEmptySecretIsAccepted() {
    assertThat(AuthHeaders.isCfClient("Basic Y2Y6")).isTrue();
    assertThat(AuthHeaders.isCfClient("basic  Y2Y6 ")).isTrue();
    assertThat(AuthHeaders.isCfClient("Basic Y2Y6eA==")).isFalse(); // cf:x
    assertThat(AuthHeaders.isCfClient("Bearer Y2Y6")).isFalse();
    assertThat(AuthHeaders.isCfClient("Basic !!!")).isFalse();
    assertThat(AuthHeaders.isCfClient(null)).isFalse();
  }
}
