package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference A.7/A.8: token headers, project header, space and account access, and the UAA token endpoint. */
class AuthIT {
  private static final String SPACE = "space-1";
  private static final String TOKEN_PATH = "/UAALoginServerWAR/oauth/token";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String CF = "Basic Y2Y6";
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T00:00:00Z"));
  private Simulator sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = Simulator.builder().token("static-secret-1", "alice@example.com").apiKey("api-key-secret", "bob@example.com")
        .tokenLifetime(Duration.ofSeconds(600)).space(SPACE).space("space-2").noAccountAccess("alice@example.com")
        .clock(clock).start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private Reply sessions(String... headers) {
    return http.send("GET", "/v3/sessions", null, headers);
  }

  private Reply exchange(String form) {
    return http.send("POST", TOKEN_PATH, form, "Authorization", CF, "Content-Type", FORM, "Accept", "application/json");
  }

  @Test
  void tokenWithOrWithoutBearerAndHeaderNamesInAnyCase() {
    assertThat(sessions("X-Auth-Token", "bearer static-secret-1", "X-Auth-Project-Id", SPACE).status()).isEqualTo(200);
    assertThat(sessions("x-auth-token", "Bearer static-secret-1", "x-auth-project-id", SPACE).status()).isEqualTo(200);
    assertThat(sessions("X-AUTH-TOKEN", "static-secret-1", "X-AUTH-PROJECT-ID", SPACE).status()).isEqualTo(200);
  }

  @Test
  void missingOrUnknownTokenIs401AndNeverEchoed() {
    Reply missing = sessions("X-Auth-Project-Id", SPACE);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.code()).isEqualTo("missing_token");
    assertThat(missing.message()).contains("X-Auth-Token");
    Reply unknown = sessions("X-Auth-Token", "bearer guessed-secret", "X-Auth-Project-Id", SPACE);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.code()).isEqualTo("invalid_token");
    assertThat(unknown.body()).doesNotContain("guessed-secret");
  }

  @Test
  void projectHeaderIsRequiredAndSpacesAreChecked() {
    Reply missing = sessions("X-Auth-Token", "static-secret-1");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("missing_header");
    assertThat(missing.message()).contains("X-Auth-Project-Id");
    Reply forbidden = sessions("X-Auth-Token", "static-secret-1", "X-Auth-Project-Id", "someone-elses-space");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.code()).isEqualTo("forbidden_space");
    assertThat(forbidden.message()).contains("someone-elses-space");
  }

  @Test
  void accountLevelNeedsAccountAccess() {
    Reply refused = http.api("POST", "/v3/sessions", "{\"AtAccountLevel\":true}", "static-secret-1", SPACE);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("forbidden_account");
    assertThat(http.api("POST", "/v3/sessions", "{\"AtAccountLevel\":false}", "static-secret-1", SPACE).status())
        .isEqualTo(200);
    String bobToken = exchange("grant_type=password&username=apikey&password=api-key-secret").json()
        .get("access_token").asText();
    assertThat(http.api("POST", "/v3/sessions", "{\"AtAccountLevel\":true}", bobToken, SPACE).status())
        .isEqualTo(200);
  }

  @Test
  void apiKeyExchangeAnswersUaaFieldsAndTheTokenWorksForTheKeysUser() {
    Reply reply = exchange("grant_type=password&username=apikey&password=api-key-secret");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("token_type").asText()).isEqualTo("bearer");
    assertThat(json.get("expires_in").asLong()).isEqualTo(600);
    assertThat(json.has("refresh_token")).isTrue();
    assertThat(json.has("scope")).isTrue();
    assertThat(json.has("jti")).isTrue();
    assertThat(reply.body()).doesNotContain("api-key-secret");
    String token = json.get("access_token").asText();
    Reply created = http.api("POST", "/v3/sessions", null, token, SPACE);
    assertThat(created.json().get("username").asText()).isEqualTo("bob@example.com");
  }

  @Test
  void issuedTokensExpireAndRefreshGivesAWorkingOne() {
    JsonNode issued = exchange("grant_type=password&username=apikey&password=api-key-secret").json();
    String token = issued.get("access_token").asText();
    clock.advance(Duration.ofSeconds(600));
    Reply expired = http.api("GET", "/v3/sessions", null, token, SPACE);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.code()).isEqualTo("token_expired");

    Reply refreshed = exchange("grant_type=refresh_token&refresh_token=" + issued.get("refresh_token").asText());
    assertThat(refreshed.status()).isEqualTo(200);
    String fresh = refreshed.json().get("access_token").asText();
    assertThat(fresh).isNotEqualTo(token);
    assertThat(http.api("GET", "/v3/sessions", null, fresh, SPACE).status()).isEqualTo(200);
  }

  @Test
  void uaaErrorsAreInUaaStyle() {
    Reply noClient = http.send("POST", TOKEN_PATH, "grant_type=password&username=apikey&password=api-key-secret",
        "Content-Type", FORM);
    assertThat(noClient.status()).isEqualTo(401);
    assertThat(noClient.body()).isEqualTo("{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials\"}");
    Reply wrongClient = http.send("POST", TOKEN_PATH, "grant_type=password&username=apikey&password=api-key-secret",
        "Authorization", "Basic Y2Y6eA==", "Content-Type", FORM);
    assertThat(wrongClient.status()).isEqualTo(401);

    Reply badKey = exchange("grant_type=password&username=apikey&password=wrong-key");
    assertThat(badKey.status()).isEqualTo(401);
    assertThat(badKey.code()).isEqualTo("unauthorized");
    assertThat(badKey.body()).doesNotContain("wrong-key");
    assertThat(exchange("grant_type=password&username=bob&password=api-key-secret").status()).isEqualTo(401);

    Reply grant = exchange("grant_type=client_credentials");
    assertThat(grant.status()).isEqualTo(400);
    assertThat(grant.code()).isEqualTo("unsupported_grant_type");
    assertThat(exchange("").code()).isEqualTo("invalid_request");
    Reply badRefresh = exchange("grant_type=refresh_token&refresh_token=nope");
    assertThat(badRefresh.status()).isEqualTo(401);
    assertThat(badRefresh.code()).isEqualTo("invalid_token");
    assertThat(http.send("GET", TOKEN_PATH, null).status()).isEqualTo(405);
  }
}
