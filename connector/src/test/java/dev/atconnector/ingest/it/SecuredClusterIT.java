package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.eslocal.SecuredElasticsearch;
import dev.atconnector.eslocal.SecuredElasticsearchExtension;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.checkpoint.SourceId;
import dev.atconnector.ingest.cli.CliCapture;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.ingest.setup.ConnectorPrivileges;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.sim.Faults;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.ExpectedEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command against a real secured Elasticsearch (security and TLS on, file-realm users), as a user holding
 * exactly the role {@link ConnectorPrivileges} derives (the README's table), and with one privilege taken away:
 * what the README promises about privileges is what a real cluster enforces.
 */
@ExtendWith(SecuredElasticsearchExtension.class)
class SecuredClusterIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String DAY = "2019-07-01";
  private static final String PASSWORD = "it-secured-password-not-for-output";

  private final SecuredElasticsearch es;
  private Harness h;
  private String checkpoints;

  SecuredClusterIT(SecuredElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void scope() {
    h = new Harness(es.superuser(), es.sslContext(), "secured");
    // not under the prefix, so that the role's grant on the checkpoint index is what allows it
    checkpoints = "itsec-checkpoints-" + SEQ.incrementAndGet();
  }

  @AfterEach
  void cleanUp() throws IOException {
    try {
      h.client.indices().delete(d -> d.index(checkpoints).ignoreUnavailable(true));
      String name = IndexTemplates.templateName(h.prefix);
      for (String template : List.of(name, name + "-dead-letter")) {
        deleteQuietly(() -> h.client.indices().deleteIndexTemplate(t -> t.name(template)));
      }
      for (String component : List.of("@settings", "@mappings", "@custom", "@lifecycle")) {
        deleteQuietly(() -> h.client.cluster().deleteComponentTemplate(t -> t.name(name + component)));
      }
    } finally {
      h.close();
    }
  }

  private interface Call {
    void run() throws IOException;
  }

  private static void deleteQuietly(Call call) throws IOException {
    try {
      call.run();
    } catch (ElasticsearchException e) {
      assertThat(e.status()).as("only a missing template is fine").isEqualTo(404);
    }
  }

  private ConnectorPrivileges.Role role() {
    return ConnectorPrivileges.role(h.prefix, checkpoints);
  }

  /** A user holding {@code role}; the environment a user of the CLI would set for it (password from ES_PASSWORD). */
  private Map<String, String> userEnv(ConnectorPrivileges.Role role) {
    int n = SEQ.incrementAndGet();
    EsEndpoint user = es.addUser("connector-" + n, PASSWORD, "at_connector_" + n, role.toJson().toString());
    Map<String, String> env = new HashMap<>(user.environment());
    env.put("ES_CA_CERT", es.caCert().toString());
    env.put("AT_CHECKPOINT_INDEX", checkpoints);
    env.put("AT_INDEX_PREFIX", h.prefix);
    return env;
  }

  private static Map<String, String> withSource(Map<String, String> env, Simulator sim) {
    Map<String, String> all = new HashMap<>(env);
    all.put("AT_TOKEN", Harness.TOKEN);
    all.put("AT_ENDPOINT", sim.baseUrl());
    all.put("AT_SPACE_ID", Harness.SPACE);
    return all;
  }

  private static Simulator simulator(Faults faults) {
    return Simulator.builder().seed(15).eventsPerDay(600).gzipLevel(1).faults(faults)
        .token(Harness.TOKEN, "it@example.com").start();
  }

  @Test
  void everyCommandWorksAsAUserHoldingExactlyTheListedPrivileges() throws IOException {
    Map<String, String> env = userEnv(role());
    // the first download garbled (taken back: refresh, point in time, delete), every 150th record not JSON
    Faults faults = new Faults(0, 0, 0, 1, 0, 0, 1, false, 150, 0, 1, 0);
    try (CliCapture cli = new CliCapture(env); Simulator sim = simulator(faults)) {
      CliCapture.Result setup = cli.run("setup");
      assertThat(setup.code()).as(setup.toString()).isEqualTo(ExitCodes.OK);
      assertThat(h.client.indices().existsIndexTemplate(t -> t.name(IndexTemplates.templateName(h.prefix))).value())
          .isTrue();

      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      Harness.Run run = h.run(withSource(env, sim), meters, "--start", DAY, "--end", DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      assertThat(meters.get(MeterNames.RECORDS_RETRACTED).counter().count()).as("a download taken back")
          .isPositive();
      long expected = sim.expected(Harness.SPACE, false, LocalDate.parse(DAY), LocalDate.parse(DAY),
          OptionalInt.empty()).count();
      List<String> ids = h.eventIds();
      assertThat(ids).hasSize((int) expected).doesNotHaveDuplicates();
      long deadLetters = h.count(h.prefix + "dead-letter");
      assertThat(deadLetters).as("the records that are not JSON").isPositive();

      Harness.Run again = h.run(withSource(env, sim), "--start", DAY, "--end", DAY);
      assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.OK);
      assertThat(again.summary().read()).as("the checkpoint says the day is done").isZero();

      CliCapture.Result listed = cli.run("checkpoints", "--output", "json");
      assertThat(listed.code()).as(listed.toString()).isEqualTo(ExitCodes.OK);
      assertThat(listed.out()).contains(DAY);

      CliCapture.Result letters = cli.run("dead-letter", "list", "--output", "json");
      assertThat(letters.code()).as(letters.toString()).isEqualTo(ExitCodes.OK);
      assertThat(letters.out()).contains("\"reason\"");

      CliCapture.Result replay = cli.run("dead-letter", "replay");
      assertThat(replay.code()).as(replay.toString()).isEqualTo(ExitCodes.OK);
      assertThat(replay.out()).contains(deadLetters + " dead letters read", deadLetters + " still failing");
      assertThat(h.count(h.prefix + "dead-letter")).isEqualTo(deadLetters);
      assertThat(cli.everything()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void withoutCreateIndexOnTheEventIndicesIngestStopsWithExit3AndWritesNoEvent() throws IOException {
    Map<String, String> env = userEnv(role().without(h.prefix + "*", "create_index"));
    try (Simulator sim = simulator(Faults.NONE)) {
      Harness.Run run = h.run(withSource(env, sim), "--start", DAY, "--end", DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(run.err()).contains("accepted the password of user 'connector-",
          "action [indices:admin/auto_create] on [" + h.prefix + "2019.07] needs one of the index privileges [",
          "create_index").doesNotContain(PASSWORD);
      assertThat(run.err().strip()).doesNotContain("\n");
      assertThat(h.count(h.prefix + "*")).as("no event, no dead letter").isZero();
      assertThat(sim.stats().sessions().open()).as("the session is deleted").isEmpty();
      assertThat(checkpointText()).doesNotContain("completed_through\":\"");
    }
  }

  @Test
  void withoutIndexOnTheCheckpointIndexIngestStopsWithExit3BeforeReadingAnything() throws IOException {
    Map<String, String> env = userEnv(role().without(checkpoints, "index"));
    try (Simulator sim = simulator(Faults.NONE)) {
      Harness.Run run = h.run(withSource(env, sim), "--start", DAY, "--end", DAY);
      assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(run.err()).contains(checkpoints, "indices:data/write/bulk[s]", "privileges [create_doc,create,")
          .doesNotContain(PASSWORD);
      assertThat(h.count(h.prefix + "*")).isZero();
      assertThat(sim.stats().sessions().open()).isEmpty();
      assertThat(checkpointText()).isEmpty();
    }
  }

  @Test
  void withoutManageIndexTemplatesSetupStopsWithExit3AndInstallsNothing() throws IOException {
    Map<String, String> env = userEnv(role().without(null, "manage_index_templates"));
    try (CliCapture cli = new CliCapture(env)) {
      CliCapture.Result r = cli.run("setup");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err()).contains("cluster:admin/component_template/");
      assertThat(r.oneLineError()).as(r.toString()).isTrue();
      assertThat(h.client.cluster().existsComponentTemplate(t -> t.name(IndexTemplates.templateName(h.prefix) + "@*"))
          .value()).isFalse();
    }
  }

  @Test
  void theCheckpointsCommandWorksWithoutTheOptionalMaintenanceOnTheCheckpointIndex() throws IOException {
    // an existing checkpoint index: Elasticsearch drops the refresh of an index the user may not refresh
    // (ignore_unavailable) instead of refusing it, so maintenance is optional there
    h.client.indices().create(c -> c.index(checkpoints));
    try (CliCapture cli = new CliCapture(userEnv(role().without(checkpoints, "maintenance")))) {
      CliCapture.Result r = cli.run("checkpoints");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
      assertThat(r.out()).contains("| SOURCE ");
    }
  }

  /**
   * {@code kill -9} mid-window on a data stream, a rollover, then the resume as the least-privileged user: it deletes
   * the session left open, takes back what the killed run stored (refresh, point in time and delete in a backing
   * index that is no longer the write index) and looks the window's ids up across the backing indices; a
   * {@code --reread} after another rollover finds every event in the older backing index and adds none.
   */
  @Test
  void killedMidWindowItResumesAfterARolloverAsAUserHoldingExactlyTheListedPrivileges(@TempDir Path dir)
      throws Exception {
    Map<String, String> env = userEnv(role());
    try (Simulator sim = simulator(Faults.NONE)) {
      ExpectedEvents events = sim.expected(Harness.SPACE, false, LocalDate.parse(DAY), LocalDate.parse(DAY),
          OptionalInt.empty());
      long expected = events.count();
      String[] day = h.toDataStream("--start", DAY, "--end", DAY);
      // one document per bulk request: Elasticsearch's pace holds the window open long enough to kill it inside
      ChildConnector.start(h, sim, dir, "killed", env, append(day, "--batch-docs", "1", "--concurrency", "1"))
          .killWhen(() -> checkpoint(sim).openSession().filter(o -> !o.pending() && !o.verified()).isPresent()
              && stored(h.dataStream()) > 0);
      Checkpoint.OpenSession left = checkpoint(sim).openSession().orElseThrow();
      assertThat(left.verified()).as("gzip never vouched for what was stored: it must be taken back").isFalse();
      assertThat(sim.stats().sessions().open()).extracting(o -> o.id()).containsExactly(left.id());
      long storedBeforeKill = stored(h.dataStream());
      assertThat(storedBeforeKill).as("killed mid-window").isPositive().isLessThan(expected);
      String first = rollover();

      Harness.Run resumed = h.run(withSource(env, sim), day);
      assertThat(resumed.code()).as(resumed.toString()).isEqualTo(ExitCodes.OK);
      assertThat(resumed.summary().indexed()).as(resumed.toString()).isEqualTo(expected);
      assertThat(stored(first)).as("the killed run's documents taken back from the older backing index").isZero();
      assertExactlyOnce(events);
      assertThat(checkpoint(sim).completedThrough()).contains(LocalDate.parse(DAY));
      assertThat(checkpoint(sim).openSession()).isEmpty();
      assertThat(sim.stats().sessions().open()).as("no session left open").isEmpty();
      assertThat(sim.stats().sessions().deleted()).isEqualTo(sim.stats().sessions().created());

      rollover();
      Harness.Run reread = h.run(withSource(env, sim), append(day, "--reread"));
      assertThat(reread.code()).as(reread.toString()).isEqualTo(ExitCodes.OK);
      assertThat(reread.summary().indexed()).as("every event found in the older backing index").isZero();
      assertThat(reread.summary().duplicates()).isEqualTo(expected);
      assertExactlyOnce(events);
      assertThat(sim.stats().sessions().open()).isEmpty();
      assertThat(resumed.toString() + reread).doesNotContain(PASSWORD);
    }
  }

  private Checkpoint checkpoint(Simulator sim) {
    SourceId id = new SourceId(SourceId.hostOf(URI.create(sim.baseUrl())), Harness.SPACE, false,
        OptionalInt.empty(), h.dataStream());
    return new CheckpointStore(h.rest, checkpoints).get(id).orElseThrow().checkpoint();
  }

  /** Documents in {@code target} (a data stream or one backing index), after a refresh, as the superuser. */
  private long stored(String target) throws IOException {
    h.client.indices().refresh(r -> r.index(target).ignoreUnavailable(true).allowNoIndices(true));
    return h.client.count(c -> c.index(target).ignoreUnavailable(true).allowNoIndices(true)).count();
  }

  /** Rolls the test's data stream over as the superuser; returns the backing index that was the write index. */
  private String rollover() throws IOException {
    var r = h.client.indices().rollover(x -> x.alias(h.dataStream()));
    assertThat(r.rolledOver()).isTrue();
    return r.oldIndex();
  }

  private void assertExactlyOnce(ExpectedEvents events) throws IOException {
    stored(h.dataStream());
    List<String> ids = h.ids(h.dataStream());
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(events.ids());
  }

  private static String[] append(String[] a, String... more) {
    String[] out = Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }

  /** The checkpoint documents as text ("" when the index does not exist). */
  private String checkpointText() throws IOException {
    h.client.indices().refresh(r -> r.index(checkpoints).ignoreUnavailable(true).allowNoIndices(true));
    var hits = h.client.search(s -> s.index(checkpoints).ignoreUnavailable(true).allowNoIndices(true),
        com.fasterxml.jackson.databind.node.ObjectNode.class).hits().hits();
    return hits.stream().map(hit -> String.valueOf(hit.source())).reduce("", String::concat);
  }

  @Test
  void theNodesRealCertificateIsTrustedByCaFileOrFingerprintAndRefusedOtherwise() throws IOException {
    Map<String, String> base = userEnv(role());
    base.remove("ES_CA_CERT");
    Map<String, Map<String, String>> trusted = Map.of(
        "ca file", with(base, "ES_CA_CERT", es.caCert().toString()),
        // port 1 refuses connections: the client goes on to the next host
        "ca file, the first of two hosts down", with(with(base, "ES_CA_CERT", es.caCert().toString()), "ES_URL",
            "https://127.0.0.1:1," + es.uri()),
        "fingerprint with colons", with(base, "ES_CA_FINGERPRINT", colons(es.caFingerprint())));
    for (var e : trusted.entrySet()) {
      try (CliCapture cli = new CliCapture(e.getValue())) {
        CliCapture.Result r = cli.run("checkpoints");
        assertThat(r.code()).as(e.getKey() + ": " + r).isEqualTo(ExitCodes.OK);
      }
    }
    String wrongFingerprint = "ab".repeat(32);
    Map<String, Map.Entry<Map<String, String>, String>> refused = Map.of(
        "wrong fingerprint", Map.entry(with(base, "ES_CA_FINGERPRINT", wrongFingerprint), "fingerprint"),
        "the JDK's trust store", Map.entry(base, "ES_CA_CERT"),
        "host name not in the certificate", Map.entry(with(with(base, "ES_CA_CERT", es.caCert().toString()),
            "ES_URL", "https://localhost:" + es.uri().getPort()), "localhost"));
    // every refusal says it is the TLS handshake and what to give instead
    try (Simulator sim = simulator(Faults.NONE)) {
      for (var e : refused.entrySet()) {
        try (CliCapture cli = new CliCapture(withSource(e.getValue().getKey(), sim))) {
          CliCapture.Result r = cli.run("ingest", "--start", DAY, "--end", DAY);
          assertThat(r.code()).as(e.getKey() + ": " + r).isEqualTo(ExitCodes.SINK);
          assertThat(r.oneLineError()).as(e.getKey() + ": " + r).isTrue();
          assertThat(r.err()).as(e.getKey()).contains(e.getValue().getValue(), "TLS handshake", "--es-ca-cert")
              .doesNotContain(PASSWORD);
        }
      }
      assertThat(sim.stats().sessions().created()).as("refused before any session").isZero();
    }
  }

  @Test
  void createRoleNeedsASuperuserAndTheSecurityIndexWhichThisDistributionCannotCreate() {
    Map<String, String> superuser = new HashMap<>(es.superuser().environment());
    superuser.put("ES_CA_CERT", es.caCert().toString());
    try (CliCapture cli = new CliCapture(superuser)) {
      CliCapture.Result r = cli.run("setup", "--create-role", "at-connector-it");
      // a full cluster answers 200 here; this distribution cannot create .security (no analysis module)
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(r.oneLineError()).as(r.toString()).isTrue();
      assertThat(r.err()).contains("could not create role at-connector-it", ".security index", "--print-role");
    }
    try (CliCapture cli = new CliCapture(userEnv(role()))) {
      CliCapture.Result r = cli.run("setup", "--create-role", "at-connector-it");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err()).contains("manage_security").doesNotContain(PASSWORD);
    }
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  private static String colons(String hex) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
    }
    return b.toString().toUpperCase(java.util.Locale.ROOT);
  }
}
