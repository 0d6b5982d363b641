package dev.atconnector.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.ExitCodes;
import dev.atconnector.ingest.decode.EventTime;
import dev.atconnector.sim.Simulator;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Elastic Security's own views on what the connector stores in the data stream (issue 14 part 5): the simulator's
 * {@code security} scenario (logins of three identities, successes and failures, from known IPs; no other events)
 * is ingested at space and account level, then the queries the Users page of Kibana's security_solution runs are
 * sent as they are built there, and their aggregations compared with what the scenario's CADF records say, read
 * here from the simulator's catalog without the connector's decoder. The queries, as of Kibana 8.x
 * (elastic/kibana, {@code x-pack/plugins/security_solution/server/search_strategy/security_solution/factory/}):
 * <ul>
 *   <li>{@code users/kpi/authentications/query.users_kpi_authentications.dsl.ts}: the success/failure KPIs;
 *   <li>{@code users/authentications/dsl/query.dsl.ts} (fields from {@code users/authentications/helpers.ts}): the
 *       Authentications table, per user the successes and failures with the last of each and its {@code source.ip};
 *   <li>{@code users/all/query.all_users.dsl.ts}: the All users table, by last seen.
 * </ul>
 * A view shows nothing for an event without {@code event.category: authentication}, {@code event.outcome} or
 * {@code user.name}; the test fails the same way.
 */
@ExtendWith(ElasticsearchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityViewsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate START = LocalDate.of(2019, 6, 8);
  private static final LocalDate END = START.plusDays(2);
  /** The time range of every query, as Kibana sends it (format strict_date_optional_time). */
  private static final String RANGE = "{\"range\":{\"@timestamp\":{\"gte\":\"" + START + "T00:00:00.000Z\","
      + "\"lte\":\"" + END + "T23:59:59.999Z\",\"format\":\"strict_date_optional_time\"}}}";
  private static final String AUTHENTICATION = "{\"term\":{\"event.category\":\"authentication\"}}";

  private Harness h;
  private final Expected expected = Expected.fromCatalog();

  @BeforeAll
  void ingestTheScenario(EsEndpoint es) throws IOException {
    h = new Harness(es, "secviews");
    try (Simulator s = Simulator.builder().seed(3).eventsPerDay(0).gzipLevel(1).token(Harness.TOKEN, "it@example.com")
        .scenario("security", Harness.SPACE, START).start()) {
      for (String[] scope : List.of(new String[0], new String[] {"--account"})) {
        List<String> args = new ArrayList<>(List.of(h.toDataStream("--start", START.toString(), "--end",
            END.toString())));
        args.addAll(List.of(scope));
        Harness.Run run = h.ingest(s, args.toArray(String[]::new));
        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.OK);
      }
    }
    h.client.indices().refresh(r -> r.index(h.dataStream()));
    assertThat(expected.successes.values().stream().mapToLong(Long::longValue).sum()).as("the scenario has logins")
        .isPositive();
    assertThat(expected.failures).as("and failed ones").isNotEmpty();
  }

  @org.junit.jupiter.api.AfterAll
  void close() throws IOException {
    h.close();
  }

  @Test
  void theAuthenticationKpisCountSuccessesAndFailures() throws IOException {
    JsonNode r;
    boolean histograms = true;
    try {
      r = search(kpiQuery(true));
    } catch (ResponseException e) {
      // the minimal test distribution has no aggregations module (auto_date_histogram): the KPI counts without
      // their sparkline histograms, which bucket the same documents by time
      assertThat(e.getMessage()).contains("auto_date_histogram");
      histograms = false;
      r = search(kpiQuery(false));
    }

    long successes = expected.successes.values().stream().mapToLong(Long::longValue).sum();
    long failures = expected.failures.values().stream().mapToLong(Long::longValue).sum();
    assertThat(r.at("/aggregations/authentication_success/doc_count").asLong()).isEqualTo(successes);
    assertThat(r.at("/aggregations/authentication_failure/doc_count").asLong()).isEqualTo(failures);
    if (histograms) {
      assertThat(histogramTotal(r, "success")).isEqualTo(successes);
      assertThat(histogramTotal(r, "failure")).isEqualTo(failures);
    }
  }

  private static String kpiQuery(boolean histograms) {
    return "{\"size\":0,\"track_total_hits\":false,\"_source\":false,\"fields\":[\"event.outcome\","
        + "\"event.category\",{\"field\":\"@timestamp\",\"format\":\"strict_date_optional_time\"}],"
        + "\"query\":{\"bool\":{\"filter\":[{\"bool\":{\"filter\":[" + AUTHENTICATION + "]}}," + RANGE + "]}},"
        + "\"aggs\":{" + kpi("success", histograms) + "," + kpi("failure", histograms) + "}}";
  }

  @Test
  void theAuthenticationsTableGivesEachUserItsSuccessesFailuresAndLastSourceIps() throws IOException {
    String lastOf = "\"top_hits\":{\"size\":1,\"_source\":[\"@timestamp\",\"source.ip\",\"host.id\",\"host.name\"],"
        + "\"sort\":[{\"@timestamp\":{\"order\":\"desc\"}}]}";
    JsonNode r = search("{\"size\":0,\"track_total_hits\":false,"
        + "\"query\":{\"bool\":{\"filter\":[" + AUTHENTICATION + "," + RANGE + "]}},"
        + "\"aggregations\":{\"stack_by_count\":{\"cardinality\":{\"field\":\"user.name\"}},"
        + "\"stack_by\":{\"terms\":{\"size\":10,\"field\":\"user.name\",\"order\":[{\"successes.doc_count\":\"desc\"},"
        + "{\"failures.doc_count\":\"desc\"}]},\"aggs\":{"
        + "\"failures\":{\"filter\":{\"term\":{\"event.outcome\":\"failure\"}},\"aggs\":{\"lastFailure\":{" + lastOf
        + "}}},\"successes\":{\"filter\":{\"term\":{\"event.outcome\":\"success\"}},\"aggs\":{\"lastSuccess\":{"
        + lastOf + "}}}}}}}");

    Map<String, Long> successes = new TreeMap<>();
    Map<String, Long> failures = new TreeMap<>();
    Map<String, String> lastSuccessIp = new TreeMap<>();
    Map<String, String> lastFailureIp = new TreeMap<>();
    for (JsonNode bucket : r.at("/aggregations/stack_by/buckets")) {
      String user = bucket.path("key").asText();
      successes.put(user, bucket.at("/successes/doc_count").asLong());
      failures.put(user, bucket.at("/failures/doc_count").asLong());
      JsonNode s = bucket.at("/successes/lastSuccess/hits/hits/0/_source/source/ip");
      JsonNode f = bucket.at("/failures/lastFailure/hits/hits/0/_source/source/ip");
      if (!s.isMissingNode()) {
        lastSuccessIp.put(user, s.asText());
      }
      if (!f.isMissingNode()) {
        lastFailureIp.put(user, f.asText());
      }
    }
    assertThat(r.at("/aggregations/stack_by_count/value").asLong()).isEqualTo(expected.authenticatedUsers());
    assertThat(successes).isEqualTo(expected.withZeros(expected.successes));
    assertThat(failures).isEqualTo(expected.withZeros(expected.failures));
    assertThat(lastSuccessIp).isEqualTo(expected.lastSuccessIp);
    assertThat(lastFailureIp).isEqualTo(expected.lastFailureIp);
  }

  @Test
  void theAllUsersTableListsEveryActorByLastSeen() throws IOException {
    JsonNode r = search("{\"size\":0,\"track_total_hits\":false,\"_source\":false,\"fields\":[\"user.name\","
        + "\"user.domain\",{\"field\":\"@timestamp\",\"format\":\"strict_date_optional_time\"}],"
        + "\"query\":{\"bool\":{\"filter\":[" + RANGE + "]}},"
        + "\"aggregations\":{\"user_count\":{\"cardinality\":{\"field\":\"user.name\"}},"
        + "\"user_data\":{\"terms\":{\"size\":10,\"field\":\"user.name\",\"order\":{\"lastSeen\":\"desc\"}},"
        + "\"aggs\":{\"lastSeen\":{\"max\":{\"field\":\"@timestamp\"}},\"domain\":{\"top_hits\":{\"size\":1,"
        + "\"sort\":[{\"@timestamp\":{\"order\":\"desc\"}}],\"_source\":false}}}}}}");

    Map<String, Long> lastSeen = new LinkedHashMap<>();
    for (JsonNode bucket : r.at("/aggregations/user_data/buckets")) {
      lastSeen.put(bucket.path("key").asText(), bucket.at("/lastSeen/value").asLong());
    }
    assertThat(r.at("/aggregations/user_count/value").asLong()).isEqualTo(expected.lastSeen.size());
    assertThat(lastSeen).containsExactlyEntriesOf(expected.byLastSeen());
  }

  @Test
  void everyLoginCarriesTheFieldsTheViewsReadAndTheRelatedOnes() throws IOException {
    JsonNode r = search("{\"size\":1000,\"query\":{\"bool\":{\"filter\":[" + AUTHENTICATION + "," + RANGE + "]}}}");
    JsonNode hits = r.at("/hits/hits");
    assertThat(hits.size()).isEqualTo(expected.logins);
    for (JsonNode hit : hits) {
      JsonNode doc = hit.path("_source");
      String id = hit.path("_id").asText();
      assertThat(doc.at("/event/outcome").asText()).as(id).isIn("success", "failure");
      assertThat(doc.at("/event/type").toString()).as(id).contains("\"start\"");
      String user = doc.at("/user/name").asText(null);
      String ip = doc.at("/source/ip").asText(null);
      assertThat(user).as(id).isNotBlank();
      assertThat(ip).as(id).isNotBlank();
      assertThat(texts(doc.at("/related/user"))).as(id).contains(user, doc.at("/user/id").asText());
      assertThat(texts(doc.at("/related/ip"))).as(id).contains(ip);
      assertThat(doc.at("/data_stream/dataset").asText()).isEqualTo("ibmcloud.activity_tracker");
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String kpi(String outcome, boolean histogram) {
    String filter = "{\"term\":{\"event.outcome\":\"" + outcome + "\"}}";
    return "\"authentication_" + outcome + "\":{\"filter\":" + filter + "}" + (!histogram ? ""
        : ",\"authentication_" + outcome + "_histogram\":{\"auto_date_histogram\":{\"field\":\"@timestamp\","
            + "\"buckets\":6},\"aggs\":{\"count\":{\"filter\":" + filter + "}}}");
  }

  private static long histogramTotal(JsonNode r, String outcome) {
    long total = 0;
    for (JsonNode bucket : r.at("/aggregations/authentication_" + outcome + "_histogram/buckets")) {
      total += bucket.at("/count/doc_count").asLong();
    }
    return total;
  }

  /** A search on the data stream, as Kibana sends it (allow_no_indices, ignore_unavailable). */
  private JsonNode search(String body) throws IOException {
    Request request = new Request("POST", "/" + h.dataStream() + "/_search");
    request.addParameter("allow_no_indices", "true");
    request.addParameter("ignore_unavailable", "true");
    request.setJsonEntity(body);
    try (InputStream in = h.rest.performRequest(request).getEntity().getContent()) {
      return JSON.readTree(in);
    }
  }

  /** What the scenario's CADF records say, counted here: logins (verb {@code login}) per initiator name. */
  private static final class Expected {
    final Map<String, Long> successes = new TreeMap<>();
    final Map<String, Long> failures = new TreeMap<>();
    final Map<String, String> lastSuccessIp = new TreeMap<>();
    final Map<String, String> lastFailureIp = new TreeMap<>();
    final Map<String, Long> lastSeen = new HashMap<>();
    long logins;

    static Expected fromCatalog() {
      Expected e = new Expected();
      Map<String, Long> lastSuccessAt = new HashMap<>();
      Map<String, Long> lastFailureAt = new HashMap<>();
      try (EventCatalog catalog = new EventCatalog(3, 0)) {
        catalog.addScenario("security", Harness.SPACE, START);
        for (boolean account : List.of(false, true)) {
          DownloadSpec spec = new DownloadSpec(new Scope(Harness.SPACE, account), START, END, OptionalInt.empty(),
              Framing.NDJSON, RecordShape.CADF, false, 0, false);
          for (Iterator<byte[]> it = catalog.framedRecords(spec); it.hasNext(); ) {
            e.add(JSON.readTree(it.next()), lastSuccessAt, lastFailureAt);
          }
        }
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
      return e;
    }

    private void add(JsonNode cadf, Map<String, Long> lastSuccessAt, Map<String, Long> lastFailureAt) {
      String user = cadf.at("/initiator/name").asText();
      long at = EventTime.parse(cadf.path("eventTime").asText()).toEpochMilli();
      lastSeen.merge(user, at, Math::max);
      if (!cadf.path("action").asText().endsWith(".login")) {
        return;
      }
      logins++;
      String ip = cadf.at("/initiator/host/address").asText();
      boolean ok = cadf.path("outcome").asText().equals("success");
      (ok ? successes : failures).merge(user, 1L, Long::sum);
      Map<String, Long> lastAt = ok ? lastSuccessAt : lastFailureAt;
      if (at >= lastAt.getOrDefault(user, Long.MIN_VALUE)) {
        lastAt.put(user, at);
        (ok ? lastSuccessIp : lastFailureIp).put(user, ip);
      }
    }

    long authenticatedUsers() {
      return withZeros(successes).size();
    }

    /** Per user who logged in at all, 0 where the view's filter bucket is empty. */
    Map<String, Long> withZeros(Map<String, Long> counts) {
      Map<String, Long> out = new TreeMap<>();
      successes.keySet().forEach(u -> out.put(u, 0L));
      failures.keySet().forEach(u -> out.put(u, 0L));
      out.putAll(counts);
      return out;
    }

    /** Users by last seen, newest first (name order on a tie, as terms break ties by key). */
    Map<String, Long> byLastSeen() {
      Map<String, Long> out = new LinkedHashMap<>();
      lastSeen.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey())).limit(10).forEach(x -> out.put(x.getKey(), x.getValue()));
      return out;
    }
  }
}
