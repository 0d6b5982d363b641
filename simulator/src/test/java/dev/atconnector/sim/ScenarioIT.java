package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code security} scenario through the builder, {@code POST /_sim/scenario} and {@code GET /_sim/expected}. */
class ScenarioIT {
  private static final LocalDate START = LocalDate.of(2019, 6, 8);

  @Test
  void aScenarioAddedOverHttpShowsInExpectedAndMatchesTheBuilderOption() throws Exception {
    try (Simulator viaHttp = Simulator.builder().eventsPerDay(0).start();
        Simulator viaBuilder = Simulator.builder().eventsPerDay(0).scenario("security", "space-1", START).start()) {
      SimHttp http = new SimHttp(viaHttp.baseUrl());
      Reply added = http.send("POST", "/_sim/scenario?name=security&space=space-1&start=2019-06-08", null);

      assertThat(added.status()).isEqualTo(200);
      JsonNode json = added.json();
      List<String> accountIds = new ArrayList<>();
      json.get("events").forEach(e -> {
        if (e.get("account").asBoolean()) {
          accountIds.add(e.get("id").asText());
        }
      });
      assertThat(json.get("count").asInt()).isEqualTo(json.get("events").size()).isGreaterThan(90);
      assertThat(json.at("/events/0/id").asText()).isEqualTo("sec-d0-john-login");
      assertThat(json.at("/events/0/time").asText()).isEqualTo("09:00:00");
      Reply expected = http.send("GET", "/_sim/expected?space=space-1&account=true&start=2019-06-08"
          + "&end=2019-06-10&ids=true", null);
      List<String> ids = new ArrayList<>();
      expected.json().get("ids").forEach(id -> ids.add(id.asText()));
      assertThat(ids).containsExactlyInAnyOrderElementsOf(accountIds);
      assertThat(viaBuilder.expected("space-1", true, START, START.plusDays(2), OptionalInt.empty()).ids())
          .containsExactlyElementsOf(ids);

      Reply unknown = http.send("POST", "/_sim/scenario?name=heist&space=space-1", null);
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body()).contains("heist", "security");
    }
  }
}
