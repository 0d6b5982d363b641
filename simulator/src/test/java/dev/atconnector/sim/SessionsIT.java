package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Session create, list, show, delete and their rules against the server on port 0. */
class SessionsIT {
  private static final String SPACE = "c1234567-6d55-4193-a9de-378620d6fab5";
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T12:50:36.012383445Z"));
  private Simulator sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = Simulator.builder().token("alice-token", "alice@example.com").token("bob-token", "bob@example.com")
        .clock(clock).start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void createAnswersTheDocumentedShape() {
    Reply reply = http.api("POST", "/v3/sessions",
        "{\"start\":\"2018-06-27\",\"end\":\"2018-06-27\",\"AtAccountLevel\":true,\"SearchTime\":\"\"}",
        "alice-token", SPACE, "Content-Type", "application/json");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode json = reply.json();
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("id", "space", "username", "create-time", "access-time", "date-range", "types",
        "search-time");
    assertThat(json.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(json.get("space").asText()).isEqualTo(SPACE);
    assertThat(json.get("username").asText()).isEqualTo("alice@example.com");
    assertThat(json.get("create-time").asText()).isEqualTo("2018-06-28T12:50:36.012383445Z");
    assertThat(json.get("access-time").asText()).isEqualTo("2018-06-28T12:50:36.012383445Z");
    assertThat(json.get("date-range").toString()).isEqualTo("{\"Start\":\"2018-06-27\",\"End\":\"2018-06-27\"}");
    assertThat(json.get("types").toString()).isEqualTo("{\"Type\":\"ActivityTracker\",\"AtAccountLevel\":true}");
    assertThat(json.get("search-time").asText()).isEmpty();
  }

  @Test
  void noBodyMeansTheLastFourteenDaysUtc() {
    JsonNode json = http.api("POST", "/v3/sessions", null, "alice-token", SPACE).json();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    assertThat(json.at("/date-range/Start").asText()).isEqualTo(today.minusDays(13).toString());
    assertThat(json.at("/date-range/End").asText()).isEqualTo(today.toString());
    assertThat(json.at("/types/AtAccountLevel").asBoolean()).isFalse();
  }

  @Test
  void searchTimeAndStringAccountLevelAreKept() {
    JsonNode json = http.api("POST", "/v3/sessions",
        "{\"start\":\"2018-06-20\",\"end\":\"2018-06-21\",\"AtAccountLevel\":\"true\",\"SearchTime\":7}",
        "alice-token", SPACE).json();
    assertThat(json.get("search-time").asText()).isEqualTo("7");
    assertThat(json.at("/types/AtAccountLevel").asBoolean()).isTrue();
  }

  @Test
  void listShowAndDeleteAreScopedToTheUserAndSpace() {
    String first = http.createSession("alice-token", SPACE, "");
    String second = http.createSession("alice-token", SPACE, "");
    String bobs = http.createSession("bob-token", SPACE, "");

    Reply list = http.api("GET", "/v3/sessions", null, "alice-token", SPACE);
    assertThat(list.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    list.json().forEach(s -> ids.add(s.get("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder(first, second);

    assertThat(http.api("GET", "/v3/sessions/" + first, null, "alice-token", SPACE).json().get("id").asText())
        .isEqualTo(first);
    Reply foreign = http.api("GET", "/v3/sessions/" + bobs, null, "alice-token", SPACE);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.code()).isEqualTo("session_not_found");
    assertThat(http.api("GET", "/v3/sessions/" + first, null, "alice-token", "other-space").status()).isEqualTo(404);
    assertThat(http.api("DELETE", "/v3/sessions/" + bobs, null, "alice-token", SPACE).status()).isEqualTo(404);

    Reply deleted = http.api("DELETE", "/v3/sessions/" + first, null, "alice-token", SPACE);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"message\":\"Delete session success\"}");
    Reply again = http.api("DELETE", "/v3/sessions/" + first, null, "alice-token", SPACE);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.message()).contains(first);
    assertThat(http.api("GET", "/v3/sessions", null, "alice-token", SPACE).json()).hasSize(1);
  }

  @Test
  void thirtyOpenSessionsPerSpaceAndUserThen429() {
    for (int i = 0; i < 30; i++) {
      http.createSession("alice-token", SPACE, "");
    }
    Reply refused = http.api("POST", "/v3/sessions", "", "alice-token", SPACE);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.code()).isEqualTo("too_many_sessions");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(http.api("POST", "/v3/sessions", "", "bob-token", SPACE).status()).isEqualTo(200);
    assertThat(http.api("POST", "/v3/sessions", "", "alice-token", "space-2").status()).isEqualTo(200);
  }

  @Test
  void sessionsNeverExpireByThemselves() {
    String id = http.createSession("alice-token", SPACE, "");
    clock.advance(java.time.Duration.ofDays(365));
    assertThat(http.api("GET", "/v3/sessions/" + id, null, "alice-token", SPACE).status()).isEqualTo(200);
    assertThat(sim.stats().sessions().open()).singleElement()
        .satisfies(s -> assertThat(s.ageSeconds()).isEqualTo(365L * 24 * 3600));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"start\":\"2018-02-30\"}|invalid_date|start '2018-02-30'",
      "{\"end\":\"06/28/2018\"}|invalid_date|end '06/28/2018'",
      "{\"start\":\"2018-06-01\",\"end\":\"2018-06-16\"}|range_too_long|16 days",
      "{\"start\":\"2018-06-10\",\"end\":\"2018-06-09\"}|end_before_start|end 2018-06-09",
      "{\"SearchTime\":24}|invalid_search_time|SearchTime '24'",
      "{\"SearchTime\":\"noon\"}|invalid_search_time|SearchTime 'noon'",
      "{\"AtAccountLevel\":\"maybe\"}|invalid_body|AtAccountLevel 'maybe'",
      "{not json|invalid_body|not valid JSON",
      "[]|invalid_body|JSON object"})
  void badInputIs400NamingTheProblem(String body, String code, String mention) {
    Reply reply = http.api("POST", "/v3/sessions", body, "alice-token", SPACE);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.message()).contains(mention);
    assertThat(sim.stats().sessions().created()).isZero();
  }

  @Test
  void unknownRoutesAndMethodsAreJsonErrors() {
    Reply unknown = http.send("GET", "/v3/nothing", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("not_found");
    Reply method = http.api("PUT", "/v3/sessions", "{}", "alice-token", SPACE);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.code()).isEqualTo("method_not_allowed");
    assertThat(http.api("POST", "/v3/sessions/abc", null, "alice-token", SPACE).status()).isEqualTo(405);
    assertThat(http.send("GET", "/v3/sessions/a/b", null).status()).isEqualTo(404);
  }

  @Test
  void statsCountCreatesDeletesAndOpenSessions() {
    String kept = http.createSession("alice-token", SPACE, "");
    String gone = http.createSession("bob-token", SPACE, "");
    http.api("DELETE", "/v3/sessions/" + gone, null, "bob-token", SPACE);
    SimStats stats = http.stats();
    assertThat(stats.sessions().created()).isEqualTo(2);
    assertThat(stats.sessions().deleted()).isEqualTo(1);
    assertThat(stats.sessions().open()).singleElement().satisfies(s -> {
      assertThat(s.id()).isEqualTo(kept);
      assertThat(s.user()).isEqualTo("alice@example.com");
      assertThat(s.space()).isEqualTo(SPACE);
      assertThat(s.downloads()).isZero();
    });
    assertThat(stats.jvm().heapUsedBytes()).isPositive();
    assertThat(stats).isEqualTo(new SimStats(stats.sessions(), stats.downloads(), stats.faults(), stats.jvm()));
  }
}
