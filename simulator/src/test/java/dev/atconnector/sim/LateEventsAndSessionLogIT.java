package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.session.SessionLogEntry;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 5 support through HTTP: {@code POST /_sim/events} (late events) and {@code GET /_sim/sessions/log}. */
class LateEventsAndSessionLogIT {
  private static final String SPACE = "space-1";
  private static final String TOKEN = "alice-token";
  private static final LocalDate TODAY = LocalDate.of(2018, 6, 28);
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T10:00:00.123456Z"));
  private Simulator sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = Simulator.builder().token(TOKEN, "alice@example.com").eventsPerDay(200).clock(clock).start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void addedEventsShowInStatusExpectedAndTheDownload() throws Exception {
    ExpectedEvents before = sim.expected(SPACE, false, TODAY, TODAY, OptionalInt.empty());

    Reply added = http.send("POST", "/_sim/events?space=" + SPACE + "&count=25", null);

    assertThat(added.status()).isEqualTo(200);
    JsonNode json = added.json();
    assertThat(json.get("day").asText()).isEqualTo(TODAY.toString());
    assertThat(json.get("account").asBoolean()).isFalse();
    assertThat(json.get("added").asInt()).isEqualTo(25);
    assertThat(json.get("addedTotal").asLong()).isEqualTo(25);
    assertThat(json.get("count").asLong()).isEqualTo(before.count() + 25);
    ExpectedEvents after = sim.expected(SPACE, false, TODAY, TODAY, OptionalInt.empty());
    assertThat(after.count()).isEqualTo(before.count() + 25);
    assertThat(after.ids()).containsAll(before.ids());

    Reply expected = http.send("GET", "/_sim/expected?space=" + SPACE + "&start=2018-06-28&end=2018-06-28", null);
    assertThat(expected.json().get("digest").asText()).isEqualTo(after.digest());
    Reply status = http.api("GET", "/v3/events?start=2018-06-28&end=2018-06-28", null, TOKEN, SPACE);
    assertThat(status.json().get(0).get("count").asLong()).isEqualTo(after.count());
    assertThat(downloadIds("{\"start\":\"2018-06-28\",\"end\":\"2018-06-28\"}")).isEqualTo(after.ids());
  }

  @Test
  void javaApiAddsToTheAccountScopeOfAGivenDay() {
    LocalDate day = LocalDate.of(2018, 6, 20);
    long before = sim.expected(SPACE, true, day, day, OptionalInt.empty()).count();

    long count = sim.addEvents(SPACE, true, day, 4);
    Reply again = http.send("POST", "/_sim/events?space=" + SPACE + "&account=true&day=2018-06-20&count=6", null);

    assertThat(count).isEqualTo(before + 4);
    assertThat(again.json().get("addedTotal").asLong()).isEqualTo(10);
    assertThat(sim.expected(SPACE, true, day, day, OptionalInt.empty()).count()).isEqualTo(before + 10);
    assertThat(sim.expected(SPACE, false, day, day, OptionalInt.empty()).count())
        .isEqualTo(sim.catalog().countFor(new dev.atconnector.sim.events.Scope(SPACE, false), day));
  }

  @Test
  void badAddEventsRequestsAreClearErrors() {
    assertError(http.send("POST", "/_sim/events?count=3", null), "missing_parameter", "'space'");
    assertError(http.send("POST", "/_sim/events?space=s&count=0", null), "invalid_parameter", "'count'");
    assertError(http.send("POST", "/_sim/events?space=s&count=x", null), "invalid_parameter", "at least 1");
    assertError(http.send("POST", "/_sim/events?space=s", null), "invalid_parameter", "'count'");
    assertError(http.send("POST", "/_sim/events?space=s&count=1&day=2018-13-01", null), "invalid_parameter",
        "YYYY-MM-DD");
    assertError(http.send("POST", "/_sim/events?space=s&count=1&account=maybe", null), "invalid_parameter",
        "true or false");
    assertThat(http.send("GET", "/_sim/events?space=s&count=1", null).status()).isEqualTo(405);
    assertThat(sim.catalog().addedEvents(new dev.atconnector.sim.events.Scope("s", false), TODAY)).isZero();
  }

  @Test
  void sessionLogRecordsEverySessionOverHttpAndJava() throws Exception {
    String downloaded = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-27\",\"end\":\"2018-06-28\"}");
    clock.advance(Duration.ofSeconds(1));
    try (InputStream body = http.download(TOKEN, SPACE, downloaded).body()) {
      body.readAllBytes();
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(http.api("DELETE", "/v3/sessions/" + downloaded, null, TOKEN, SPACE).status()).isEqualTo(200);
    String open = http.createSession(TOKEN, SPACE, "{\"SearchTime\":\"7\",\"AtAccountLevel\":true}");

    List<SessionLogEntry> log = sim.sessionLog();
    JsonNode json = http.send("GET", "/_sim/sessions/log", null).json();

    assertThat(log).extracting(SessionLogEntry::id).containsExactly(downloaded, open);
    SessionLogEntry first = log.get(0);
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2018-06-28T10:00:00.123Z"));
    assertThat(first.firstDownloadAt()).isEqualTo(Instant.parse("2018-06-28T10:00:01.123Z"));
    assertThat(first.deletedAt()).isEqualTo(Instant.parse("2018-06-28T10:00:02.123Z"));
    assertThat(log.get(1).open()).isTrue();
    assertThat(log.get(1).hour()).isEqualTo(7);
    assertThat(log.get(1).accountLevel()).isTrue();
    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("id").asText()).isEqualTo(downloaded);
    assertThat(json.get(0).get("user").asText()).isEqualTo("alice@example.com");
    assertThat(json.get(0).get("start").asText()).isEqualTo("2018-06-27");
    assertThat(json.get(0).get("deletedAt").asText()).isEqualTo("2018-06-28T10:00:02.123Z");
    assertThat(json.get(1).get("deletedAt").isNull()).isTrue();
    assertThat(json.get(1).get("firstDownloadAt").isNull()).isTrue();
    assertThat(json.get(1).get("start").asText()).isEqualTo("2018-06-15");
  }

  private List<String> downloadIds(String sessionBody) throws Exception {
    String id = http.createSession(TOKEN, SPACE, sessionBody);
    HttpResponse<InputStream> response = http.download(TOKEN, SPACE, id);
    byte[] gz;
    try (InputStream in = response.body()) {
      gz = in.readAllBytes();
    }
    return Downloads.ids(Downloads.records(Downloads.gunzip(gz)));
  }

  private static void assertError(Reply reply, String code, String messagePart) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.message()).contains(messagePart);
  }
}
