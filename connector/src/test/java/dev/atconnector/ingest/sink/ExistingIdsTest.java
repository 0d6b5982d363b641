package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import dev.atconnector.ingest.setup.FakeKibana;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The sink on a data stream, against a fake Elasticsearch on loopback: documents of a session marked as a re-read
 * are looked up first and those found are counted as duplicates without being sent; others are not looked up; every
 * event goes through the destination's pipeline, a dead letter does not.
 */
class ExistingIdsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Destination.DataStream DS = new Destination.DataStream("t", Optional.of("mine"),
      Optional.empty());
  private static final String UNAVAILABLE = "{\"error\":{\"type\":\"cluster_block_exception\","
      + "\"reason\":\"the nodes are restarting\"},\"status\":503}";

  private static Doc doc(String id, String session) {
    byte[] source = ("{\"event\":{\"id\":\"" + id + "\"},\"data_stream\":{\"type\":\"logs\",\"dataset\":"
        + "\"ibmcloud.activity_tracker\",\"namespace\":\"t\"}}").getBytes(StandardCharsets.UTF_8);
    return new Doc(id, DS.name(), source, new Position(session, 1), 0L);
  }

  /** A sink on a data stream, on a fake Elasticsearch answering with {@code es}; session "again" is a re-read. */
  private record ReReadSink(FakeKibana es, RestClient rest, ExistingIds existing, BulkSink sink)
      implements AutoCloseable {
    static ReReadSink on(Function<FakeKibana.Received, FakeKibana.Reply> es) throws IOException {
      FakeKibana fake = new FakeKibana(es);
      RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", fake.uri().getPort(), "http")).build();
      ElasticsearchAsyncClient client = EsClients.esClient(rest);
      SinkOptions options = BulkTestData.options(100, 1, 2);
      ExistingIds existing = ExistingIds.on(client, options);
      existing.checkSession("again");
      return new ReReadSink(fake, rest, existing, new BulkSink(client, options, new SimpleMeterRegistry(), DS,
          existing));
    }

    @Override
    public void close() throws IOException {
      try {
        rest.close();
      } finally {
        es.close();
      }
    }
  }

  private static FakeKibana.Reply answer(FakeKibana.Received r, List<String> searched, List<String> bulkLines) {
    try {
      if (r.uri().contains("/_refresh")) {
        return new FakeKibana.Reply(200, "{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}");
      }
      if (r.uri().contains("/_search")) {
        JsonNode values = JSON.readTree(r.body()).at("/query/ids/values");
        ArrayNode hits = JSON.createArrayNode();
        for (JsonNode v : values) {
          searched.add(v.asText());
          if (v.asText().equals("stored")) {
            hits.addObject().put("_index", ".ds-" + DS.name() + "-000001").put("_id", "stored").put("_score", 1.0);
          }
        }
        ObjectNode reply = JSON.createObjectNode().put("took", 1).put("timed_out", false);
        reply.putObject("_shards").put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0);
        reply.putObject("hits").set("hits", hits);
        return new FakeKibana.Reply(200, reply.toString());
      }
      ArrayNode items = JSON.createArrayNode();
      String[] lines = r.body().split("\n");
      for (int i = 0; i < lines.length; i += 2) {
        bulkLines.add(lines[i]);
        JsonNode action = JSON.readTree(lines[i]).path("create");
        items.addObject().putObject("create").put("_index", action.path("_index").asText())
            .put("_id", action.path("_id").asText()).put("status", 201).put("result", "created");
      }
      return new FakeKibana.Reply(200, JSON.createObjectNode().put("took", 1).put("errors", false)
          .set("items", items).toString());
    } catch (IOException e) {
      return new FakeKibana.Reply(400, "{}");
    }
  }

  @Test
  void aReReadSessionsDocumentsFoundStoredAreDuplicatesAndNotSent() throws IOException {
    List<String> searched = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> bulkLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ReReadSink rig = ReReadSink.on(r -> answer(r, searched, bulkLines))) {
      ExistingIds existing = rig.existing();
      BulkSink sink = rig.sink();
      List<Decoded> input = new ArrayList<>(List.of(doc("stored", "again"), doc("new-in-reread", "again"),
          doc("first-read", "fresh")));
      input.add(BulkTestData.deadLetter(4));

      List<BatchResult> results = sink.write(Flux.fromIterable(input)).collectList().block(Duration.ofSeconds(30));

      assertThat(searched).as("only the re-read session's documents are looked up")
          .containsExactlyInAnyOrder("stored", "new-in-reread");
      assertThat(results.stream().mapToLong(BatchResult::duplicates).sum()).isEqualTo(1);
      assertThat(results.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(2);
      assertThat(results.stream().mapToLong(BatchResult::deadLettered).sum()).isEqualTo(1);
      assertThat(bulkLines).noneMatch(l -> l.contains("\"stored\""));
      assertThat(bulkLines).filteredOn(l -> l.contains(DS.name())).hasSize(2)
          .allMatch(l -> l.contains("\"pipeline\":\"mine\""));
      assertThat(bulkLines).filteredOn(l -> l.contains("dead-letter")).singleElement().asString()
          .doesNotContain("pipeline");
      assertThat(existing.lookups()).isEqualTo(1);
      assertThat(existing.found()).isEqualTo(1);
    }
  }

  @Test
  void aFailedLookupIsRetriedWithTheSinksBackoffUntilItAnswers() throws IOException {
    List<String> searched = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger searches = new AtomicInteger();
    try (ReReadSink rig = ReReadSink.on(r -> {
      if (r.uri().contains("/_search") && searches.incrementAndGet() <= 2) {
        return new FakeKibana.Reply(503, UNAVAILABLE);
      }
      return answer(r, searched, new ArrayList<>());
    })) {
      BulkSink sink = rig.sink();

      List<BatchResult> results = sink.write(Flux.just(doc("stored", "again"), doc("new-in-reread", "again")))
          .collectList().block(Duration.ofSeconds(30));

      assertThat(searches).as("two failures, then the third lookup answers").hasValue(3);
      assertThat(results.stream().mapToLong(BatchResult::duplicates).sum()).isEqualTo(1);
      assertThat(results.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(1);
    }
  }

  @Test
  void aLookupFailingPastTheRetriesStopsTheWriteNamingTheLastFailure() throws IOException {
    AtomicInteger searches = new AtomicInteger();
    try (ReReadSink rig = ReReadSink.on(r -> {
      if (r.uri().contains("/_search")) {
        searches.incrementAndGet();
        return new FakeKibana.Reply(503, UNAVAILABLE);
      }
      return answer(r, new ArrayList<>(), new ArrayList<>());
    })) {
      BulkSink sink = rig.sink();

      assertThatThrownBy(() -> sink.write(Flux.just(doc("stored", "again")))
              .collectList().block(Duration.ofSeconds(30)))
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("could not look up which of 1 re-read documents")
          .hasMessageContaining("ResponseException")
          .hasMessageNotContaining("Retries exhausted");
      assertThat(searches).as("the first lookup and maxRetries = 2 retries").hasValue(3);
    }
  }
}
