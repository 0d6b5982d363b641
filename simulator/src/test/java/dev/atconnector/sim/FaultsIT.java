package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.sim.SimHttp.Reply;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.fault.FaultCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every switchable fault, deterministic, against the server on port 0. */
class FaultsIT {
  private static final String SPACE = "space-1";
  private static final String TOKEN = "alice-token";
  private static final LocalDate DAY = LocalDate.of(2018, 6, 20);
  private static final String ONE_DAY = "{\"start\":\"2018-06-20\",\"end\":\"2018-06-20\"}";
  private final List<Simulator> sims = new ArrayList<>();

  private SimHttp start(Faults faults, int eventsPerDay) {
    Simulator sim = Simulator.builder().token(TOKEN, "alice@example.com").apiKey("bob-key", "bob@example.com")
        .eventsPerDay(eventsPerDay).seed(5).faults(faults)
        .clock(new MutableClock(Instant.parse("2018-06-28T10:00:00Z"))).start();
    sims.add(sim);
    return new SimHttp(sim.baseUrl());
  }

  private Simulator sim() {
    return sims.get(sims.size() - 1);
  }

  @AfterEach
  void stop() {
    sims.forEach(Simulator::close);
  }

  private static Faults faults(int failCreates, double failRate, int throttleEvery, long slow, long cutAfter,
      int cutDownloads, boolean corrupt, int malformedEvery, long expireAfter) {
    return new Faults(failCreates, failRate, throttleEvery, 4, slow, cutAfter, cutDownloads, corrupt, malformedEvery,
        expireAfter);
  }

  /** Reads a download to its end or until the connection breaks; returns the bytes and whether it broke. */
  private static Result read(HttpResponse<InputStream> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = response.body()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
      return new Result(out.toByteArray(), false);
    } catch (IOException e) {
      return new Result(out.toByteArray(), true);
    }
  }

  private record Result(byte[] bytes, boolean broken) {}

  @Test
  void theFirstNCreatesAnswer503() {
    SimHttp http = start(faults(2, 0, 0, 0, 0, 1, false, 0, 0), 10);
    for (int i = 0; i < 2; i++) {
      Reply failed = http.api("POST", "/v3/sessions", "", TOKEN, SPACE);
      assertThat(failed.status()).isEqualTo(503);
      assertThat(failed.code()).isEqualTo("service_unavailable");
    }
    assertThat(http.api("POST", "/v3/sessions", "", TOKEN, SPACE).status()).isEqualTo(200);
    assertThat(http.stats().faults()).containsEntry(FaultCounters.FAIL_CREATES, 2L);
    assertThat(http.stats().sessions().created()).isEqualTo(1);
  }

  @Test
  void everyNthCallAnswers429WithRetryAfter() {
    SimHttp http = start(faults(0, 0, 3, 0, 0, 1, false, 0, 0), 10);
    List<Integer> statuses = new ArrayList<>();
    Reply throttled = null;
    for (int i = 0; i < 6; i++) {
      Reply reply = http.api("GET", "/v3/sessions", null, TOKEN, SPACE);
      statuses.add(reply.status());
      if (reply.status() == 429) {
        throttled = reply;
      }
    }
    assertThat(statuses).containsExactly(200, 200, 429, 200, 200, 429);
    assertThat(throttled.code()).isEqualTo("rate_limited");
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("4");
    assertThat(http.stats().faults()).containsEntry(FaultCounters.THROTTLE, 2L);
  }

  @Test
  void failRateIsTheSameForTheSameSeed() {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      SimHttp http = start(faults(0, 0.3, 0, 0, 0, 1, false, 0, 0), 10);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        statuses.add(http.api("GET", "/v3/sessions", null, TOKEN, SPACE).status());
      }
      runs.add(statuses);
    }
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    assertThat(runs.get(0)).contains(200).containsAnyOf(500, 503).allMatch(s -> s == 200 || s == 500 || s == 503);
  }

  @Test
  void aSlowDownloadIsPacedAndStillComplete() throws IOException {
    long rate = 40_000;
    SimHttp http = start(faults(0, 0, 0, rate, 0, 1, false, 0, 0), 300);
    String id = http.createSession(TOKEN, SPACE, ONE_DAY);
    long started = System.nanoTime();
    Result result = read(http.download(TOKEN, SPACE, id));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(result.broken()).isFalse();
    assertThat(result.bytes().length).isGreaterThan(40_000);
    assertThat(seconds).isGreaterThanOrEqualTo(result.bytes().length / (double) rate * 0.9);
    ExpectedEvents expected = sim().expected(SPACE, false, DAY, DAY, OptionalInt.empty());
    assertThat(Downloads.ids(Downloads.records(Downloads.gunzip(result.bytes())))).isEqualTo(expected.ids());
    assertThat(http.stats().faults()).containsEntry(FaultCounters.SLOW, 1L);
  }

  @Test
  void theFirstDownloadIsCutAfterNBytesAndTheNextIsWhole() throws IOException {
    SimHttp http = start(faults(0, 0, 0, 0, 5000, 1, false, 0, 0), 300);
    String id = http.createSession(TOKEN, SPACE, ONE_DAY);
    Result cut = read(http.download(TOKEN, SPACE, id));
    assertThat(cut.broken()).isTrue();
    assertThat(cut.bytes()).hasSize(5000);
    Result whole = read(http.download(TOKEN, SPACE, id));
    assertThat(whole.broken()).isFalse();
    assertThat(whole.bytes()).startsWith(cut.bytes());
    assertThat(Downloads.records(Downloads.gunzip(whole.bytes())))
        .hasSize((int) sim().expected(SPACE, false, DAY, DAY, OptionalInt.empty()).count());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      SimStats stats = http.stats();
      assertThat(stats.faults()).containsEntry(FaultCounters.CUT, 1L);
      assertThat(stats.downloads().aborted()).isEqualTo(1);
      assertThat(stats.downloads().completed()).isEqualTo(1);
    });
  }

  @Test
  void cutDownloadsZeroCutsEveryDownload() {
    SimHttp http = start(faults(0, 0, 0, 0, 3000, 0, false, 0, 0), 300);
    String id = http.createSession(TOKEN, SPACE, ONE_DAY);
    for (int i = 0; i < 3; i++) {
      Result cut = read(http.download(TOKEN, SPACE, id));
      assertThat(cut.broken()).isTrue();
      assertThat(cut.bytes()).hasSize(3000);
    }
  }

  @Test
  void aCorruptGzipFailsToDecompress() {
    SimHttp http = start(faults(0, 0, 0, 0, 0, 1, true, 0, 0), 3000);
    String id = http.createSession(TOKEN, SPACE, ONE_DAY);
    Result result = read(http.download(TOKEN, SPACE, id));
    assertThat(result.broken()).isFalse();
    assertThat(result.bytes().length).isGreaterThan(70_000);
    assertThatThrownBy(() -> Downloads.gunzip(result.bytes())).isInstanceOf(IOException.class);
    assertThat(http.stats().faults()).containsEntry(FaultCounters.CORRUPT_GZIP, 1L);
  }

  /** Issue 15: a poison day garbles every download of a session holding it, until lifted over HTTP. */
  @Test
  void aPoisonDayGarblesEveryDownloadHoldingItUntilLifted() throws IOException {
    SimHttp http = start(Faults.NONE, 300);
    Reply set = http.send("POST", "/_sim/poison?days=2018-06-20,2018-06-22", "");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("days").toString()).isEqualTo("[\"2018-06-20\",\"2018-06-22\"]");
    String poisoned = http.createSession(TOKEN, SPACE, ONE_DAY);
    String clean = http.createSession(TOKEN, SPACE, "{\"start\":\"2018-06-21\",\"end\":\"2018-06-21\"}");
    for (int i = 0; i < 2; i++) {
      byte[] garbled = read(http.download(TOKEN, SPACE, poisoned)).bytes();
      assertThatThrownBy(() -> Downloads.gunzip(garbled)).as("CRC check fails, every time")
          .isInstanceOf(IOException.class);
    }
    Downloads.gunzip(read(http.download(TOKEN, SPACE, clean)).bytes());
    assertThat(http.stats().faults()).containsEntry(FaultCounters.POISON, 2L);
    assertThat(http.send("POST", "/_sim/poison?days=", "").json().get("days")).isEmpty();
    byte[] body = Downloads.gunzip(read(http.download(TOKEN, SPACE, poisoned)).bytes());
    assertThat(body).isNotEmpty();
    assertThat(http.send("POST", "/_sim/poison?days=June", "").status()).isEqualTo(400);
  }

  @Test
  void malformedRecordsAreInterleavedAsExpected() throws IOException {
    SimHttp http = start(faults(0, 0, 0, 0, 0, 1, false, 25, 0), 300);
    String id = http.createSession(TOKEN, SPACE, ONE_DAY);
    byte[] body = Downloads.gunzip(read(http.download(TOKEN, SPACE, id)).bytes());
    List<JsonNode> good = new ArrayList<>();
    int malformed = 0;
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        good.add(SimHttp.MAPPER.readTree(line));
      } catch (IOException e) {
        malformed++;
      }
    }
    ExpectedEvents expected = sim().expected(SPACE, false, DAY, DAY, OptionalInt.empty());
    assertThat(expected.malformed()).isPositive();
    assertThat(malformed).isEqualTo(expected.malformed());
    assertThat(Downloads.ids(good)).isEqualTo(expected.ids());
    Reply overHttp = http.send("GET", "/_sim/expected?space=" + SPACE + "&start=2018-06-20&end=2018-06-20", null);
    assertThat(overHttp.json().get("malformed").asLong()).isEqualTo(expected.malformed());
  }

  @Test
  void aTokenExpiresMidDownloadAndARefreshedOneFinishesIt() {
    SimHttp http = start(faults(0, 0, 0, 0, 0, 1, false, 0, 4000), 300);
    String form = "grant_type=password&username=apikey&password=bob-key";
    JsonNode issued = http.send("POST", "/UAALoginServerWAR/oauth/token", form, "Authorization", "Basic Y2Y6",
        "Content-Type", "application/x-www-form-urlencoded").json();
    String token = issued.get("access_token").asText();
    String id = http.createSession(token, SPACE, ONE_DAY);

    Result cut = read(http.download(token, SPACE, id));
    assertThat(cut.broken()).isTrue();
    assertThat(cut.bytes()).hasSize(4000);
    Reply expired = http.api("GET", "/v3/sessions/" + id, null, token, SPACE);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.code()).isEqualTo("token_expired");

    String fresh = http.send("POST", "/UAALoginServerWAR/oauth/token",
        "grant_type=refresh_token&refresh_token=" + issued.get("refresh_token").asText(), "Authorization",
        "Basic Y2Y6", "Content-Type", "application/x-www-form-urlencoded").json().get("access_token").asText();
    Result whole = read(http.download(fresh, SPACE, id));
    assertThat(whole.broken()).isFalse();
    assertThat(whole.bytes()).startsWith(cut.bytes());
    assertThat(http.stats().faults()).containsEntry(FaultCounters.EXPIRE_TOKEN, 1L);
  }
}
