package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.app.Clients;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.pipeline.IngestCounters;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.sink.SinkOptions;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.SimStats;
import dev.atconnector.sim.Simulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * Every way a run can break: the events that were read are all indexed or the run fails, and no session is left.
 * The simulator's faults with exact final states (5xx, 429, cut, corrupt gzip, token expiry, ...) are in
 * {@link FaultSuiteIT}.
 */
@ExtendWith(ElasticsearchExtension.class)
class IngestFailuresIT {
  private static final String[] ONE_DAY = {"--start", "2019-07-01", "--end", "2019-07-01"};

  private static Simulator.Builder sim(int eventsPerDay, Faults faults) {
    return Simulator.builder().seed(11).eventsPerDay(eventsPerDay).gzipLevel(1).faults(faults)
        .token(Harness.TOKEN, "it@example.com");
  }

  private static Faults faults(int failCreates, int throttleEvery, long slow, long cutAfter, int cutDownloads,
      boolean corrupt, long expireAfter) {
    return new Faults(failCreates, 0, throttleEvery, 1, slow, cutAfter, cutDownloads, corrupt, 0, expireAfter);
  }

  private static void assertNoSessionLeft(Simulator s) {
    SimStats st = s.stats();
    assertThat(st.sessions().open()).as("open sessions").isEmpty();
    assertThat(st.sessions().deleted()).isEqualTo(st.sessions().created());
  }

  @Test
  void aDownloadThatAlwaysBreaksIsASourceFailureAndTheSessionIsDeleted(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "cutall"); Simulator s = sim(3000, faults(0, 0, 0, 100_000, 0, false, 0)).start()) {
      Harness.Run run = h.ingest(s, ONE_DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
      assertThat(run.summary().status()).isEqualTo("source-failure");
      assertThat(run.err()).contains("download");
      assertNoSessionLeft(s);
    }
  }

  @Test
  void aWrongTokenIsAnAuthFailure(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "auth"); Simulator s = sim(100, Faults.NONE).start()) {
      Map<String, String> env = Map.of("AT_TOKEN", "wrong-token", "AT_ENDPOINT", s.baseUrl(),
          "AT_SPACE_ID", Harness.SPACE, "ES_URL", es.uri().toString());
      Harness.Run run = h.run(env, ONE_DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(run.out() + run.err()).doesNotContain("wrong-token");
      assertThat(s.stats().sessions().created()).isZero();
    }
  }

  @Test
  void elasticsearchUnreachableAtStartCreatesNoSession(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "esdown"); Simulator s = sim(100, Faults.NONE).start()) {
      Map<String, String> env = Map.of("AT_TOKEN", Harness.TOKEN, "AT_ENDPOINT", s.baseUrl(),
          "AT_SPACE_ID", Harness.SPACE, "ES_URL", "http://127.0.0.1:" + closedPort());
      Harness.Run run = h.run(env, ONE_DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(run.err()).contains("ES_URL");
      assertThat(s.stats().sessions().created()).isZero();
    }
  }

  @Test
  void elasticsearchUnreachableMidRunStillDeletesTheSession() throws Exception {
    try (Simulator s = sim(2000, Faults.NONE).start()) {
      IngestConfig config = config(s, "http://127.0.0.1:" + closedPort());
      SinkOptions quick = new SinkOptions(500, 1 << 20, 1, Duration.ofMillis(200), config.deadLetterIndex(),
          Duration.ofMillis(10), Duration.ofMillis(50), 2);
      try (RestClient rest = Clients.restClient(config)) {
        IngestJob job = job(config, new BulkSink(Clients.esClient(rest), quick, new SimpleMeterRegistry()));
        assertThatThrownBy(() -> job.run().block(Duration.ofSeconds(60))).isInstanceOf(SinkException.class);
      }
      assertThat(s.stats().sessions().created()).isEqualTo(1);
      assertNoSessionLeft(s);
    }
  }

  @Test
  void aCancelledRunDeletesItsSession(EsEndpoint es) throws Exception {
    try (Harness h = new Harness(es, "cancel");
        Simulator s = sim(5000, faults(0, 0, 100_000, 0, 1, false, 0)).start()) {
      IngestConfig config = config(s, es.uri().toString(), "--index-prefix", h.prefix);
      try (RestClient rest = Clients.restClient(config)) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestCounters counters = new IngestCounters(meters);
        IngestJob job = new IngestJob(config, Clients.atClient(config, Clients.atHttp(config), SourceRetry.defaults()),
            new BulkSink(Clients.esClient(rest), config.sink(), meters), counters, SourceRetry.defaults());
        Disposable running = job.run().subscribeOn(Schedulers.boundedElastic()).subscribe();
        await().atMost(Duration.ofSeconds(60)).until(() -> counters.snapshot(0).read() > 0);
        assertThat(s.stats().sessions().open()).hasSize(1);
        running.dispose();
        await().atMost(Duration.ofSeconds(30)).until(() -> s.stats().sessions().open().isEmpty());
        assertThat(job.sessions().awaitClosed(Duration.ofSeconds(5))).isTrue();
      }
      assertNoSessionLeft(s);
    }
  }

  @Test
  void aRunOverItsTimeoutStopsAndDeletesTheSession(EsEndpoint es) throws IOException {
    try (Harness h = new Harness(es, "timeout");
        Simulator s = sim(5000, faults(0, 0, 50_000, 0, 1, false, 0)).start()) {
      Harness.Run run = h.ingest(s, "--start", "2019-07-01", "--end", "2019-07-01", "--timeout", "2s");
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.SOURCE);
      assertThat(run.summary().status()).isEqualTo("timeout");
      assertThat(run.err()).contains("--timeout");
      assertNoSessionLeft(s);
    }
  }

  private static IngestJob job(IngestConfig config, BulkSink sink) {
    return new IngestJob(config, Clients.atClient(config, Clients.atHttp(config), SourceRetry.defaults()), sink,
        new IngestCounters(new SimpleMeterRegistry()), SourceRetry.defaults());
  }

  private static IngestConfig config(Simulator s, String esUrl, String... extra) {
    String[] base = {"ingest", "--start", "2019-07-01", "--end", "2019-07-01"};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    return CliAccess.config(args, Map.of("AT_TOKEN", Harness.TOKEN, "AT_ENDPOINT", s.baseUrl(),
        "AT_SPACE_ID", Harness.SPACE, "ES_URL", esUrl));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
