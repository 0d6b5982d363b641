package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.events.Scope;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v3/events} (per-day counts) and the {@code /_sim} introspection endpoints. */
class StatusAndIntrospectionIT {
  private static final String SPACE = "space-1";
  private static final String TOKEN = "alice-token";
  private Simulator sim;
  private SimHttp http;

  @BeforeEach
  void start() {
    sim = Simulator.builder().token(TOKEN, "alice@example.com").eventsPerDay(200)
        .clock(new MutableClock(Instant.parse("2018-06-28T10:00:00Z"))).start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void perDayCountsFromAJsonBody() {
    Reply reply = http.api("GET", "/v3/events", "{\"start\":\"2018-06-24\",\"end\":\"2018-06-28\"}", TOKEN, SPACE,
        "Content-Type", "application/json");
    assertThat(reply.status()).isEqualTo(200);
    List<String> dates = new ArrayList<>();
    List<String> searchable = new ArrayList<>();
    for (JsonNode day : reply.json()) {
      LocalDate date = LocalDate.parse(day.get("date").asText());
      dates.add(date.toString());
      searchable.add(day.get("searchable").asText());
      assertThat(day.get("types").asText()).isEqualTo("ActivityTracker");
      assertThat(day.get("count").asLong()).isEqualTo(sim.catalog().countFor(new Scope(SPACE, false), date))
          .isEqualTo(sim.expected(SPACE, false, date, date, OptionalInt.empty()).count());
      assertThat(day.get("size").asLong()).isGreaterThan(day.get("count").asLong() * 100);
    }
    assertThat(dates).containsExactly("2018-06-24", "2018-06-25", "2018-06-26", "2018-06-27", "2018-06-28");
    assertThat(searchable).containsExactly("None", "None", "All", "All", "All");
  }

  @Test
  void perDayCountsFromQueryParametersWithHourAndAccount() {
    Reply reply = http.api("GET", "/v3/events?start=2018-06-20&end=2018-06-20&SearchTime=9&AtAccountLevel=true",
        null, TOKEN, SPACE);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).singleElement().satisfies(day -> assertThat(day.get("count").asLong())
        .isEqualTo(sim.catalog().countFor(new Scope(SPACE, true), LocalDate.of(2018, 6, 20), 9)));
  }

  @Test
  void perDayCountsFollowTheSessionRules() {
    Reply tooLong = http.api("GET", "/v3/events?start=2018-06-01&end=2018-06-28", null, TOKEN, SPACE);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.code()).isEqualTo("range_too_long");
    Reply badHour = http.api("GET", "/v3/events", "{\"SearchTime\":\"25\"}", TOKEN, SPACE);
    assertThat(badHour.code()).isEqualTo("invalid_search_time");
    assertThat(http.api("GET", "/v3/events", null, TOKEN, SPACE).json()).hasSize(14);
    assertThat(http.send("GET", "/v3/events", null).status()).isEqualTo(401);
  }

  @Test
  void expectedOverHttpMatchesTheJavaApiIncludingIds() {
    Reply reply = http.send("GET",
        "/_sim/expected?space=" + SPACE + "&account=true&start=2018-06-20&end=2018-06-21&hour=14&ids=true", null);
    assertThat(reply.status()).isEqualTo(200);
    ExpectedEvents expected =
        sim.expected(SPACE, true, LocalDate.of(2018, 6, 20), LocalDate.of(2018, 6, 21), OptionalInt.of(14));
    JsonNode json = reply.json();
    assertThat(json.get("count").asLong()).isEqualTo(expected.count()).isPositive();
    assertThat(json.get("digest").asText()).isEqualTo(expected.digest());
    List<String> ids = new ArrayList<>();
    json.get("ids").forEach(id -> ids.add(id.asText()));
    assertThat(ids).isEqualTo(expected.ids());
  }

  @Test
  void expectedRejectsBadParameters() {
    Reply noSpace = http.send("GET", "/_sim/expected?start=2018-06-20", null);
    assertThat(noSpace.status()).isEqualTo(400);
    assertThat(noSpace.code()).isEqualTo("missing_parameter");
    assertThat(noSpace.message()).contains("space");
    assertThat(http.send("GET", "/_sim/expected?space=s&start=2018-13-01", null).code()).isEqualTo("invalid_date");
    assertThat(http.send("GET", "/_sim/expected?space=s&ids=yes", null).code()).isEqualTo("invalid_parameter");
    assertThat(http.send("POST", "/_sim/stats", "", "Content-Type", "application/json").status()).isEqualTo(405);
  }
}
