package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The download: a chunked gzip of exactly the expected events, in every framing and shape. */
class DownloadIT {
  private static final String SPACE = "space-1";
  private static final String TOKEN = "alice-token";
  private static final LocalDate DAY = LocalDate.of(2018, 6, 20);
  private final MutableClock clock = new MutableClock(Instant.parse("2018-06-28T10:00:00Z"));
  private Simulator sim;
  private SimHttp http;

  private void start(Simulator.Builder builder) {
    sim = builder.token(TOKEN, "alice@example.com").token("bob-token", "bob@example.com").clock(clock).start();
    http = new SimHttp(sim.baseUrl());
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private byte[] downloadBytes(String token, String sessionId) throws IOException {
    HttpResponse<InputStream> response = http.download(token, SPACE, sessionId);
    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream body = response.body()) {
      return body.readAllBytes();
    }
  }

  @Test
  void aDownloadIsAChunkedGzipFileOfExactlyTheExpectedEvents() throws IOException {
    start(Simulator.builder().eventsPerDay(400));
    String id = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-21\"}");
    HttpResponse<InputStream> response = http.download(TOKEN, SPACE, id);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(response.headers().firstValue("content-encoding")).isEmpty();
    byte[] gz;
    try (InputStream body = response.body()) {
      gz = body.readAllBytes();
    }
    assertThat(gz[0] & 0xff).isEqualTo(0x1f);
    assertThat(gz[1] & 0xff).isEqualTo(0x8b);

    List<JsonNode> records = Downloads.records(Downloads.gunzip(gz));
    ExpectedEvents expected = sim.expected(SPACE, false, DAY, DAY.plusDays(1), OptionalInt.empty());
    assertThat(expected.count()).isGreaterThan(500);
    assertThat(records).hasSize((int) expected.count());
    assertThat(Downloads.ids(records)).isEqualTo(expected.ids());

    Reply overHttp = http.send("GET", "/_sim/expected?space=" + SPACE + "&start=2018-06-20&end=2018-06-21", null);
    assertThat(overHttp.json().get("count").asLong()).isEqualTo(expected.count());
    assertThat(overHttp.json().get("digest").asText()).isEqualTo(expected.digest());
    assertThat(overHttp.json().has("ids")).isFalse();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      SimStats.Downloads downloads = http.stats().downloads();
      assertThat(downloads.started()).isEqualTo(1);
      assertThat(downloads.completed()).isEqualTo(1);
      assertThat(downloads.aborted()).isZero();
      assertThat(downloads.bytes()).isEqualTo(gz.length);
    });
  }

  @ParameterizedTest(name = "{0} {1} multi-member={2}")
  @CsvSource({
      "NDJSON, STORED, false",
      "NDJSON, STORED, true",
      "ARRAY, CADF, false",
      "ARRAY, ENVELOPE, true",
      "CONCATENATED, STORED, true",
      "CONCATENATED, ENVELOPE, false"})
  void everyFramingShapeAndMemberLayoutHoldsTheExpectedIds(Framing framing, RecordShape shape, boolean multi)
      throws IOException {
    start(Simulator.builder().eventsPerDay(150).framing(framing).shape(shape).multiMember(multi));
    String id = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-18\",\"end\":\"2018-06-20\"}");
    byte[] body = Downloads.gunzip(downloadBytes(TOKEN, id));
    if (framing == Framing.ARRAY) {
      assertThat(new String(body, 0, 1, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[");
    }
    ExpectedEvents expected = sim.expected(SPACE, false, DAY.minusDays(2), DAY, OptionalInt.empty());
    assertThat(Downloads.ids(Downloads.records(body))).isEqualTo(expected.ids());
  }

  @Test
  void searchTimeAndAccountLevelSelectTheirOwnEvents() throws IOException {
    start(Simulator.builder().eventsPerDay(600));
    String hourly = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\",\"SearchTime\":\"10\"}");
    String account = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\",\"AtAccountLevel\":true}");
    ExpectedEvents hour = sim.expected(SPACE, false, DAY, DAY, OptionalInt.of(10));
    ExpectedEvents day = sim.expected(SPACE, false, DAY, DAY, OptionalInt.empty());
    ExpectedEvents accountDay = sim.expected(SPACE, true, DAY, DAY, OptionalInt.empty());

    List<JsonNode> hourRecords = Downloads.records(Downloads.gunzip(downloadBytes(TOKEN, hourly)));
    assertThat(Downloads.ids(hourRecords)).isEqualTo(hour.ids());
    assertThat(hour.count()).isPositive().isLessThan(day.count());
    assertThat(day.ids()).containsAll(hour.ids());
    assertThat(hourRecords).allSatisfy(r -> assertThat(r.get("eventTime").asText()).containsAnyOf("T10:", " 10:"));

    assertThat(Downloads.ids(Downloads.records(Downloads.gunzip(downloadBytes(TOKEN, account)))))
        .isEqualTo(accountDay.ids());
    assertThat(accountDay.ids()).doesNotContainAnyElementsOf(day.ids());
  }

  @Test
  void aDownloadUpdatesAccessTimeOnly() {
    start(Simulator.builder().eventsPerDay(10));
    String id = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\"}");
    JsonNode before = http.api("GET", "/v3/sessions/" + id, null, TOKEN, SPACE).json();
    clock.advance(Duration.ofMinutes(5));
    assertThat(http.download(TOKEN, SPACE, id).statusCode()).isEqualTo(200);
    JsonNode after = http.api("GET", "/v3/sessions/" + id, null, TOKEN, SPACE).json();
    assertThat(after.get("create-time")).isEqualTo(before.get("create-time"));
    assertThat(after.get("access-time").asText()).isEqualTo("2018-06-28T10:05:00.000000000Z");
    assertThat(http.stats().sessions().open().get(0).downloads()).isEqualTo(1);
  }

  @Test
  void badDownloadRequestsAreAnsweredBeforeAnyBody() {
    start(Simulator.builder().eventsPerDay(10));
    String id = http.createSession(TOKEN, SPACE, "");
    Reply missing = http.api("GET", "/v3/events/download", null, TOKEN, SPACE);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("missing_header");
    assertThat(missing.message()).contains("SESSIONID");
    Reply unknown = http.api("GET", "/v3/events/download", null, TOKEN, SPACE, "SESSIONID", "no-such-session");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("session_not_found");
    assertThat(http.api("GET", "/v3/events/download", null, "bob-token", SPACE, "SESSIONID", id).status())
        .isEqualTo(404);
    assertThat(http.api("GET", "/v3/events/download", null, TOKEN, "space-2", "SESSIONID", id).status())
        .isEqualTo(404);
    assertThat(http.api("GET", "/v3/events/download", null, TOKEN, SPACE, "sessionid", id).status())
        .isEqualTo(200);
    assertThat(http.api("POST", "/v3/events/download", null, TOKEN, SPACE, "SESSIONID", id).status())
        .isEqualTo(405);
  }

  @Test
  void aClientThatGoesAwayAbortsTheDownload() throws IOException {
    start(Simulator.builder().eventsPerDay(500_000).gzipLevel(1));
    String id = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-21\"}");
    // a raw socket: closing it is certain to close the connection mid-body (java.net.http may keep reading)
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      String request = "GET /v3/events/download HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + TOKEN
          + "\r\nX-Auth-Project-Id: " + SPACE + "\r\nSESSIONID: " + id + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      byte[] start = socket.getInputStream().readNBytes(100_000);
      assertThat(new String(start, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      SimStats.Downloads downloads = http.stats().downloads();
      assertThat(downloads.aborted()).isEqualTo(1);
      assertThat(downloads.completed()).isZero();
    });
    // the simulator stays usable afterwards
    String small = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\",\"SearchTime\":3}");
    assertThat(http.download(TOKEN, SPACE, small).statusCode()).isEqualTo(200);
  }
}
