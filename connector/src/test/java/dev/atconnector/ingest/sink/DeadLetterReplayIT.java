package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * Dead-letter replay against a real Elasticsearch: events rejected by a mapping (a test-only {@code @custom}
 * component maps {@code n} and {@code m} as long) are dead-lettered; after the mapping of {@code n} is fixed (new
 * index) a replay indexes exactly those, and the one still bad ({@code m}) stays with the new reason.
 */
@ExtendWith(ElasticsearchExtension.class)
class DeadLetterReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final EsEndpoint endpoint;
  private final EsRest es;
  private final ElasticsearchClient client;
  private final String prefix = "it-dlr-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT) + "-";
  private final String name = IndexTemplates.templateName(prefix);
  private String streamTemplate;
  private String streamComponent;

  DeadLetterReplayIT(EsEndpoint endpoint) {
    this.endpoint = endpoint;
    es = new EsRest(endpoint);
    client = es.client;
  }

  @AfterEach
  void cleanUp() throws IOException {
    // the cluster is shared by every IT of this JVM: leave nothing behind (but the data stream, where the minimal
    // distribution has no API to delete it: its own namespace, a throwaway cluster)
    es.call("DELETE", "/" + prefix + "*?ignore_unavailable=true&allow_no_indices=true", null);
    if (streamTemplate != null) {
      es.call("DELETE", "/_index_template/" + streamTemplate, null);
      es.call("DELETE", "/_component_template/" + streamComponent, null);
    }
    es.deleteTemplates(prefix);
    es.close();
  }

  /**
   * A stored-shape record; good ones in July, the ones a mapping will reject in August. The reason for the
   * rejection says {@code [m]}: the field path ends in it.
   */
  static String record(String uuid, String month, String n, String m) {
    return "{\"event_uuid\":\"" + uuid + "\",\"eventTime\":\"2018-" + month + "-15T10:00:00.00+0000\","
        + "\"action\":\"iam.login\",\"outcome\":\"success\",\"n\":" + n + ",\"m\":" + m + "}";
  }

  /**
   * 10 good records (July), 5 whose {@code n} is text (fixable by mapping {@code n} as keyword) and 2 whose {@code m}
   * is text (still rejected after that fix), both in August.
   */
  static List<String> goodFixableAndHopeless() {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(record("good-" + i, "07", String.valueOf(i), "1"));
    }
    for (int i = 0; i < 5; i++) {
      records.add(record("fixable-" + i, "08", "\"text-" + i + "\"", "2"));
    }
    for (int i = 0; i < 2; i++) {
      records.add(record("hopeless-" + i, "08", "3", "\"not-a-number-" + i + "\""));
    }
    return records;
  }

  @Test
  void replayAfterAMappingFixIndexesExactlyTheFixedOnesAndKeepsTheRestWithTheNewReason() throws Exception {
    IndexTemplates.install(client, prefix);
    custom("long");
    List<String> records = goodFixableAndHopeless();
    ingest(records);
    assertThat(count(prefix + "2018.07")).isEqualTo(10);
    assertThat(count(prefix + "dead-letter")).isEqualTo(7);

    // the fix: n becomes keyword for new indices, and the index the rejects were meant for is made anew
    custom("keyword");
    es.call("DELETE", "/" + prefix + "2018.08", null);

    DeadLetterReplay replay = new DeadLetterReplay(client, prefix, DecodeLimits.DEFAULTS, Clock.systemUTC(), 3);
    DeadLetterReplay.Summary s = replay.replay(Optional.empty());

    assertThat(List.of(s.read(), s.indexed(), s.duplicates(), s.stillFailing(), s.unchanged()))
        .containsExactly(7L, 5L, 0L, 2L, 0L);
    assertThat(ids(prefix + "2018.08")).containsExactlyInAnyOrder("fixable-0", "fixable-1", "fixable-2",
        "fixable-3", "fixable-4");
    List<JsonNode> left = sources(prefix + "dead-letter");
    assertThat(left).hasSize(2).allSatisfy(dl -> {
      // a refused document is kept as it was sent, and sent again as it is
      assertThat(dl.path("original").asText()).contains("hopeless-").contains("\"ibmcloud\":{");
      assertThat(dl.path("original_format").asText()).isEqualTo("document");
      assertThat(dl.path("stage").asText()).isEqualTo("index");
      assertThat(dl.path("reason").asText()).contains("[ibmcloud.activity_tracker.m]");
      assertThat(dl.path("replay_count").asInt()).isEqualTo(1);
      assertThat(dl.path("replayed_at").asText()).isNotEmpty();
    });
    // the replayed documents are what the ingest wrote: position kept
    JsonNode fixed = source(prefix + "2018.08", "fixable-3");
    assertThat(fixed.at("/ibmcloud/activity_tracker/download/session").asText()).isEqualTo("it-session");
    assertThat(fixed.at("/ibmcloud/activity_tracker/download/record").asLong()).isEqualTo(14);
    assertThat(fixed.at("/ibmcloud/activity_tracker/n").asText()).isEqualTo("text-3");
  }

  @Test
  void theCommandCountsDuplicatesAsDoneSkipsOlderDeadLettersWithSinceAndListsThem() throws Exception {
    IndexTemplates.install(client, prefix);
    ingest(List.of(record("good-1", "07", "1", "1")));
    String original = record("good-1", "07", "1", "1");
    // a dead letter of an event that is in fact indexed (e.g. a retry got through later): replay removes it
    putDeadLetter("dup", "2099-01-01T00:00:00Z", original);
    putDeadLetter("old", "2020-01-01T00:00:00Z", record("old-1", "07", "1", "1"));
    es.call("POST", "/" + prefix + "dead-letter/_refresh", null);

    Map<String, String> env = endpoint.environment();
    env.put("AT_INDEX_PREFIX", prefix);
    String list = cli(env, "dead-letter", "list", "--output", "json");
    assertThat(JSON.readTree(list)).hasSize(2);

    String out = cli(env, "dead-letter", "replay", "--since", "7d", "--destination", "monthly");
    assertThat(out).contains("at-connector dead-letter replay ok: 1 dead letters read, 0 indexed, "
        + "1 already indexed, 0 still failing, 0 unchanged");
    assertThat(ids(prefix + "dead-letter")).containsExactly("old");
    assertThat(count(prefix + "2018.07")).isEqualTo(1);
  }

  /**
   * Into a data stream: a test template above the shipped one (the shipped components plus one mapping {@code n} and
   * {@code m} as long, for this test's stream only) makes the stream refuse the fixable events; the fix takes effect
   * at a rollover. The replay lands them once; after another rollover the same dead letters come back (as a replay
   * killed before it deleted them would leave them) and find their events in the older backing index: nothing is
   * stored twice. A decoder's dead letter and a document refused by the monthly indices land in the stream too,
   * with its data_stream.* fields.
   */
  @Test
  void replayIntoADataStreamLandsEveryEventOnceAcrossRollovers() throws Exception {
    Destination.DataStream ds = Destination.dataStream(prefix.replaceAll("[^a-z0-9]", ""));
    IndexTemplates.install(client, prefix, ds, false);
    String shipped = DataStreamTemplates.NAME;
    streamTemplate = prefix + "stream";
    streamComponent = name + "@stream-test";
    component(streamComponent, "long");
    es.call("PUT", "/_index_template/" + streamTemplate, "{\"index_patterns\":[\"" + ds.name() + "\"],"
        + "\"data_stream\":{},\"priority\":300,\"composed_of\":[\"" + shipped + "@settings\",\"" + shipped
        + "@mappings\",\"" + shipped + "@data_stream\",\"" + streamComponent + "\"]}");
    List<String> records = goodFixableAndHopeless();
    ingest(records, ds);
    assertThat(count(ds.name())).isEqualTo(10);
    assertThat(count(prefix + "dead-letter")).isEqualTo(7);
    JsonNode refused = hits(prefix + "dead-letter");
    component(streamComponent, "keyword");
    es.call("POST", "/" + ds.name() + "/_rollover", null);

    DeadLetterReplay.Summary first = new DeadLetterReplay(client, prefix, ds, DecodeLimits.DEFAULTS,
        Clock.systemUTC(), 3).replay(Optional.empty());

    assertThat(List.of(first.read(), first.indexed(), first.duplicates(), first.stillFailing(), first.unchanged()))
        .containsExactly(7L, 5L, 0L, 2L, 0L);
    assertThat(ids(ds.name())).hasSize(15).doesNotHaveDuplicates();

    es.call("POST", "/" + ds.name() + "/_rollover", null);
    for (JsonNode letter : refused) {
      if (letter.at("/_source/original").asText().contains("fixable-")) {
        es.call("PUT", "/" + prefix + "dead-letter/_doc/" + letter.path("_id").asText(),
            letter.path("_source").toString());
      }
    }
    putDeadLetter("late", "2099-01-01T00:00:00Z", record("late-1", "07", "4", "4"));
    putRefusedByMonthly("moved", record("moved-1", "08", "\"text-m\"", "5"));
    es.call("POST", "/" + prefix + "dead-letter/_refresh", null);

    DeadLetterReplay.Summary second = new DeadLetterReplay(client, prefix, ds, DecodeLimits.DEFAULTS,
        Clock.systemUTC(), 3).replay(Optional.empty());

    assertThat(List.of(second.read(), second.indexed(), second.duplicates(), second.stillFailing(),
        second.unchanged())).as("the 5 found in the older backing index, not stored again")
        .containsExactly(9L, 2L, 5L, 2L, 0L);
    List<String> stored = ids(ds.name());
    assertThat(stored).doesNotHaveDuplicates().hasSize(17).contains("late-1", "moved-1", "fixable-0", "good-9");
    JsonNode moved = null;
    for (JsonNode hit : hits(ds.name())) {
      moved = hit.path("_id").asText().equals("moved-1") ? hit.path("_source") : moved;
    }
    assertThat(moved).isNotNull();
    assertThat(moved.at("/data_stream/namespace").asText()).isEqualTo(ds.namespace());
    assertThat(moved.at("/ibmcloud/activity_tracker/n").asText()).isEqualTo("text-m");
    assertThat(es.call("POST", "/" + ds.name() + "/_count", "{\"query\":{\"term\":{\"data_stream.namespace\":\""
        + ds.namespace() + "\"}}}").path("count").asLong()).as("every event says which stream it is in")
        .isEqualTo(17);

    // the dead-letter index as a search sees it a second later (a replay does not refresh it)
    es.call("POST", "/" + prefix + "dead-letter/_refresh", null);
    DeadLetterReplay.Summary third = new DeadLetterReplay(client, prefix, ds, DecodeLimits.DEFAULTS,
        Clock.systemUTC(), 3).replay(Optional.empty());
    assertThat(List.of(third.read(), third.indexed(), third.duplicates(), third.stillFailing(), third.unchanged()))
        .containsExactly(2L, 0L, 0L, 2L, 0L);
    assertThat(ids(ds.name())).hasSize(17);
  }

  private String cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliAccess.run(args, env, new PrintWriter(out), new PrintWriter(err), new SimpleMeterRegistry());
    assertThat(code).as("stdout:\n" + out + "\nstderr:\n" + err).isZero();
    return out.toString();
  }

  private void ingest(List<String> records) throws IOException {
    ingest(records, Destination.monthly(prefix));
  }

  private void ingest(List<String> records, Destination destination) throws IOException {
    Normalizer normalizer = new Normalizer(destination);
    List<Decoded> decoded = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      byte[] bytes = records.get(i).getBytes(StandardCharsets.UTF_8);
      decoded.add(normalizer.normalize(new Position("it-session", i + 1), bytes, JSON.readTree(bytes)));
    }
    SinkOptions options = new SinkOptions(100, 5L * 1024 * 1024, 1, Duration.ofMillis(100),
        prefix + "dead-letter", Duration.ofMillis(50), Duration.ofSeconds(1), 3);
    new BulkSink(EsClients.esClient(es.rest), options, new SimpleMeterRegistry()).write(Flux.fromIterable(decoded))
        .blockLast(TIMEOUT);
    es.call("POST", "/" + prefix + "*/_refresh", null);
  }

  /** The record's unknown root fields n and m are ibmcloud.activity_tracker.n and .m in the document. */
  private void custom(String nType) throws IOException {
    component(name + "@custom", nType);
  }

  private void component(String component, String nType) throws IOException {
    es.call("PUT", "/_component_template/" + component, "{\"template\":{\"mappings\":{\"properties\":{"
        + "\"ibmcloud\":{\"properties\":{\"activity_tracker\":{\"properties\":{"
        + "\"n\":{\"type\":\"" + nType + "\"},\"m\":{\"type\":\"long\"}}}}}}}}}");
  }

  private void putDeadLetter(String id, String time, String original) throws IOException {
    String doc = JSON.createObjectNode().put("@timestamp", time).put("session", "s").put("record", 1)
        .put("stage", "index").put("reason", "earlier failure").put("original", original).toString();
    es.call("PUT", "/" + prefix + "dead-letter/_doc/" + id, doc);
  }

  /** A document the monthly indices refused, as the sink dead-letters it (original_format: document). */
  private void putRefusedByMonthly(String id, String record) throws IOException {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    Doc doc = (Doc) new Normalizer(prefix).normalize(new Position("it-session", 99), bytes, JSON.readTree(bytes));
    String letter = JSON.createObjectNode().put("@timestamp", "2099-01-01T00:00:00Z").put("session", "it-session")
        .put("record", 99).put("stage", "index").put("reason", "mapper_parsing_exception: earlier failure")
        .put("error_type", "mapper_parsing_exception").put("target_index", doc.index()).put("doc_id", doc.id())
        .put("original", new String(doc.source(), StandardCharsets.UTF_8)).put("original_format", "document")
        .toString();
    assertThat(doc.index()).isEqualTo(prefix + "2018.08");
    es.call("PUT", "/" + prefix + "dead-letter/_doc/" + id, letter);
  }

  private long count(String index) throws IOException {
    es.call("POST", "/" + index + "/_refresh", null);
    return es.call("GET", "/" + index + "/_count", null).path("count").asLong();
  }

  private List<String> ids(String index) throws IOException {
    List<String> ids = new ArrayList<>();
    hits(index).forEach(h -> ids.add(h.path("_id").asText()));
    return ids;
  }

  private List<JsonNode> sources(String index) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    hits(index).forEach(h -> out.add(h.path("_source")));
    return out;
  }

  private JsonNode source(String index, String id) throws IOException {
    return es.call("GET", "/" + index + "/_doc/" + id, null).path("_source");
  }

  private JsonNode hits(String index) throws IOException {
    es.call("POST", "/" + index + "/_refresh", null);
    return es.call("GET", "/" + index + "/_search?size=100", null).path("hits").path("hits");
  }
}
