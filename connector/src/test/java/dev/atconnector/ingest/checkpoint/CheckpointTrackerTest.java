package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.config.CheckpointSettings;
import dev.atconnector.ingest.config.AtAccess;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.config.ReadRange;
import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.config.SourceSettings;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import dev.atconnector.ingest.sink.SinkOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The checkpoint as the job's window tracker, without Elasticsearch: one small HTTP server on a free port plays the
 * checkpoint index (document GET, {@code _create}, conditional {@code _doc} writes with {@code if_seq_no}) and the
 * Activity Tracker session delete. What is checked is what a later run reads back: where it plans from, which days
 * the checkpoint claims, the failed windows, and the session left for the next start.
 */
class CheckpointTrackerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final String INDEX = "test-checkpoints";
  /** Noon on 2024-05-10: with a lag of 1 h, the last closed day is 2024-05-09. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate START = LocalDate.of(2024, 5, 6);
  private static final LocalDate END = LocalDate.of(2024, 5, 10);
  private static final String OWNER = "test-host/1/run";

  /** Stored documents by path ({@code /index/_doc/id}, id as sent): version and source. */
  private record Stored(long seqNo, JsonNode source) {}

  private final Map<String, Stored> docs = new ConcurrentHashMap<>();
  private final List<String> deletedSessions = new CopyOnWriteArrayList<>();
  private final Set<String> goneSessions = ConcurrentHashMap.newKeySet();
  private final List<String> retracted = new CopyOnWriteArrayList<>();
  private long seqNo;
  private DisposableServer server;
  private RestClient rest;
  private CheckpointStore store;

  @BeforeEach
  void start() {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .flatMap(body -> {
              Reply reply = answer(req.method().name(), req.uri(), body);
              return res.status(reply.status()).header("Content-Type", "application/json")
                  .header("X-Elastic-Product", "Elasticsearch").sendString(Mono.just(reply.body())).then();
            }))
        .bindNow(LIMIT);
    rest = RestClient.builder(new HttpHost("127.0.0.1", server.port(), "http")).build();
    store = new CheckpointStore(rest, INDEX);
  }

  @AfterEach
  void stop() throws IOException {
    rest.close();
    server.disposeNow(LIMIT);
  }

  private record Reply(int status, String body) {}

  private synchronized Reply answer(String method, String uri, String body) {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
    if (path.startsWith("/v3/sessions/") && method.equals("DELETE")) {
      String id = path.substring("/v3/sessions/".length());
      deletedSessions.add(id);
      return goneSessions.contains(id) ? new Reply(404, "{\"message\":\"session not found\"}")
          : new Reply(200, "{\"message\":\"Delete session success\"}");
    }
    String[] parts = path.split("/"); // "", index, api, id
    if (parts.length != 4 || !parts[1].equals(INDEX)) {
      return new Reply(400, "{\"error\":{\"type\":\"test\",\"reason\":\"not played by this fake: " + method + " "
          + uri + "\"},\"status\":400}");
    }
    String key = "/" + INDEX + "/_doc/" + parts[3];
    Stored found = docs.get(key);
    if (method.equals("GET")) {
      if (found == null) {
        return new Reply(404, "{\"_index\":\"" + INDEX + "\",\"found\":false}");
      }
      ObjectNode n = JSON.createObjectNode().put("_index", INDEX).put("_id", parts[3]).put("_seq_no", found.seqNo())
          .put("_primary_term", 1).put("found", true);
      n.set("_source", found.source());
      return new Reply(200, n.toString());
    }
    boolean create = parts[2].equals("_create");
    boolean matches = create ? found == null
        : found == null ? !query.contains("if_seq_no") : query.contains("if_seq_no=" + found.seqNo() + "&")
            || query.endsWith("if_seq_no=" + found.seqNo());
    if (!method.equals("PUT") || !matches) {
      return new Reply(409, "{\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"conflict\"},"
          + "\"status\":409}");
    }
    try {
      docs.put(key, new Stored(++seqNo, JSON.readTree(body)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Reply(create ? 201 : 200, "{\"_id\":\"" + parts[3] + "\",\"_seq_no\":" + seqNo
        + ",\"_primary_term\":1,\"result\":\"" + (create ? "created" : "updated") + "\"}");
  }

  private IngestConfig config(CheckpointSettings checkpoint) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.port());
    SinkOptions sink = new SinkOptions(500, 1024 * 1024, 1, Duration.ofMillis(250), "t-dead-letter",
        Duration.ofMillis(100), Duration.ofSeconds(5), 3);
    AtAccess at = new AtAccess(endpoint, URI.create("http://127.0.0.1:1/uaa"), Optional.of(Secret.of("test-token")),
        Optional.empty(), Optional.empty(), Duration.ofSeconds(45));
    EsAccess es = new EsAccess(URI.create("http://127.0.0.1:9200"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    return new IngestConfig(new SourceSettings(at, "space-1", false, new ReadRange(START, END, OptionalInt.empty(), 1),
        "t-"), RunSettings.builder(es).sink(sink).installTemplates(false).checkpoint(checkpoint).build());
  }

  private static CheckpointSettings settings(boolean reread, boolean retryFailed) {
    CheckpointSettings d = CheckpointSettings.DEFAULTS;
    return new CheckpointSettings(INDEX, d.leaseTtl(), false, d.pollInterval(), Duration.ofHours(1), reread,
        d.errorsTolerance(), retryFailed);
  }

  /** A run of the source: takes its lease (as the job does) and tracks its windows. */
  private CheckpointTracker run(CheckpointSettings settings) {
    IngestConfig config = config(settings);
    AtClient client = new AtClient(HttpClient.create(), config.endpoint().toString(), "space-1",
        TokenProvider.fixed(Secret.of("test-token")),
        new SourceRetry(0, Duration.ZERO, Duration.ZERO, Schedulers.parallel()));
    SourceCheckpoint checkpoint = SourceCheckpoint.acquire(store, CheckpointTracker.sourceOf(config), OWNER,
        Duration.ofMinutes(2), CLOCK, START, END);
    return new CheckpointTracker(checkpoint, config, CLOCK, client, (id, from) -> {
      retracted.add(id + " from " + from);
      return Mono.just(3L);
    }, LIMIT);
  }

  private CheckpointTracker run() {
    return run(settings(false, false));
  }

  private Checkpoint stored() {
    return store.get(CheckpointTracker.sourceOf(config(settings(false, false)))).orElseThrow().checkpoint();
  }

  private static SessionRequest day(int dayOfMay) {
    LocalDate d = LocalDate.of(2024, 5, dayOfMay);
    return new SessionRequest(d, d, false, OptionalInt.empty());
  }

  private static List<LocalDate> starts(List<SessionRequest> windows) {
    return windows.stream().map(SessionRequest::start).toList();
  }

  private static final IngestSummary COUNTS = new IngestSummary(10, 8, 1, 1, 0, 1, 0.5);

  private static void finish(CheckpointTracker t, SessionRequest window) {
    t.finished(window, COUNTS).block(LIMIT);
  }

  @Test
  void finishedWindowsMoveTheCheckpointAndTheNextRunPlansFromTheDayAfter() {
    CheckpointTracker first = run();
    assertThat(starts(first.plan(END))).containsExactly(START, START.plusDays(1), START.plusDays(2),
        START.plusDays(3), START.plusDays(4));
    finish(first, day(6));
    finish(first, day(7));

    assertThat(stored().completedThrough()).contains(LocalDate.of(2024, 5, 7));
    assertThat(stored().openSession()).isEmpty();
    assertThat(starts(run().plan(END))).containsExactly(LocalDate.of(2024, 5, 8), LocalDate.of(2024, 5, 9), END);
    assertThat(starts(run(settings(true, false)).plan(END))).as("--reread reads the whole range").first()
        .isEqualTo(START);
  }

  @Test
  void aDayNotClosedBeforeNowMinusTheLagIsNeverClaimedAndIsReadAgain() {
    CheckpointTracker t = run();
    for (int d = 6; d <= 10; d++) {
      finish(t, day(d));
    }

    assertThat(stored().completedThrough()).as("today is still open").contains(LocalDate.of(2024, 5, 9));
    assertThat(starts(run().plan(END))).containsExactly(END);
  }

  @Test
  void aFailedWindowIsRecordedPassedForPlanningAndNeverClaimedUntilItIsReadAgain() {
    CheckpointTracker t = run();
    finish(t, day(6));
    t.failed(day(7), new IllegalStateException("gzip CRC32 mismatch"), 6, List.of("s-a", "s-b")).block(LIMIT);
    finish(t, day(8));

    Checkpoint c = stored();
    assertThat(c.completedThrough()).as("held before the failed window").contains(LocalDate.of(2024, 5, 6));
    assertThat(c.passedThrough()).contains(LocalDate.of(2024, 5, 8));
    assertThat(c.failedWindows()).singleElement().satisfies(f -> {
      assertThat(f.start()).isEqualTo(LocalDate.of(2024, 5, 7));
      assertThat(f.end()).isEqualTo(LocalDate.of(2024, 5, 7));
      assertThat(f.attempts()).isEqualTo(6);
      assertThat(f.sessions()).containsExactly("s-a", "s-b");
      assertThat(f.reason()).isEqualTo("gzip CRC32 mismatch");
    });
    assertThat(starts(run().plan(END))).as("later runs go on after it").containsExactly(LocalDate.of(2024, 5, 9),
        END);

    CheckpointTracker retry = run(settings(false, true));
    assertThat(retry.plan(END)).as("--retry-failed reads only the failed window").containsExactly(day(7));
    finish(retry, day(7));
    assertThat(stored().failedWindows()).isEmpty();
    assertThat(stored().completedThrough()).contains(LocalDate.of(2024, 5, 8));
  }

  @Test
  void anAbandonedWindowKeepsTheMarkAndASuspectOneLeavesItsSessionToBeTakenBackAtTheNextStart() {
    CheckpointTracker t = run();
    AtSession session = new AtSession("s-1", "space-1", "2024-05-06", "2024-05-06", false, "", "", "");
    t.creating(day(6)).block(LIMIT);
    assertThat(stored().openSession()).hasValueSatisfying(o -> assertThat(o.pending()).isTrue());
    t.opened(session, day(6)).block(LIMIT);
    assertThat(stored().openSession()).map(Checkpoint.OpenSession::id).contains("s-1");
    t.abandoned(day(6), new IllegalStateException("gzip CRC32 mismatch"), true).block(LIMIT);

    Checkpoint c = stored();
    assertThat(c.completedThrough()).isEmpty();
    assertThat(c.openSession()).hasValueSatisfying(o -> {
      assertThat(o.id()).isEqualTo("s-1");
      assertThat(o.deleted()).as("deleted by the job already").isTrue();
      assertThat(o.verified()).isFalse();
    });

    run().pruneLeftOpenSession();
    assertThat(retracted).containsExactly("s-1 from 1");
    assertThat(deletedSessions).as("not deleted twice").isEmpty();
    assertThat(stored().openSession()).isEmpty();

    CheckpointTracker again = run();
    again.opened(session, day(6)).block(LIMIT);
    again.abandoned(day(6), null, false).block(LIMIT);
    assertThat(stored().openSession()).as("nothing suspect: nothing left for the next start").isEmpty();
  }

  @Test
  void aSessionAKilledRunLeftOpenIsDeletedAndWhatItStoredTakenBack() {
    run().opened(new AtSession("s-2", "space-1", "2024-05-06", "2024-05-06", false, "", "", ""), day(6))
        .block(LIMIT);
    // killed here: nothing else was written

    run().pruneLeftOpenSession();

    assertThat(deletedSessions).containsExactly("s-2");
    assertThat(retracted).containsExactly("s-2 from 1");
    assertThat(stored().openSession()).isEmpty();
  }

  @Test
  void aSessionLeftOpenThatIsGoneAlreadyIsStillTakenBack() {
    goneSessions.add("s-3");
    run().opened(new AtSession("s-3", "space-1", "2024-05-06", "2024-05-06", false, "", "", ""), day(6))
        .block(LIMIT);

    run().pruneLeftOpenSession();

    assertThat(deletedSessions).containsExactly("s-3");
    assertThat(retracted).containsExactly("s-3 from 1");
    assertThat(stored().openSession()).isEmpty();
  }

  @Test
  void aWindowWhoseDeleteFailedAfterItFinishedIsDeletedButNotTakenBack() {
    CheckpointTracker t = run();
    AtSession session = new AtSession("s-4", "space-1", "2024-05-06", "2024-05-06", false, "", "", "");
    t.opened(session, day(6)).block(LIMIT);
    finish(t, day(6));
    t.leftOpen(session, day(6), true).block(LIMIT);

    run().pruneLeftOpenSession();

    assertThat(deletedSessions).containsExactly("s-4");
    assertThat(retracted).as("its window finished: every record was vouched for").isEmpty();
    assertThat(stored().completedThrough()).contains(LocalDate.of(2024, 5, 6));
  }

  @Test
  void onlyWindowsAnEarlierRunOrThisOneReachedMayHoldDocuments() {
    CheckpointTracker fresh = run();
    assertThat(fresh.mayHoldDocuments(day(6))).as("a source never run before").isFalse();
    fresh.opened(new AtSession("s-5", "space-1", "2024-05-06", "2024-05-06", false, "", "", ""), day(6))
        .block(LIMIT);
    finish(fresh, day(6));
    assertThat(fresh.mayHoldDocuments(day(6))).as("this process opened a session for it").isTrue();
    assertThat(fresh.mayHoldDocuments(day(7))).isFalse();

    assertThat(run().mayHoldDocuments(day(10))).as("an earlier run asked for the range through it").isTrue();
  }
}
