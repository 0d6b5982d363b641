package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * Taking back what a session stored, against a real Elasticsearch: exactly that session's documents and dead
 * letters from the given record on, across monthly indices, and nothing a record of it met as a duplicate.
 */
@ExtendWith(ElasticsearchExtension.class)
class SessionRetractionIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final EsRest es;
  private final ElasticsearchClient client;
  private final String prefix = "it-ret-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT) + "-";

  SessionRetractionIT(EsEndpoint endpoint) {
    es = new EsRest(endpoint);
    client = es.client;
  }

  @AfterEach
  void cleanUp() throws IOException {
    // the cluster is shared by every IT of this JVM: leave nothing behind
    es.call("DELETE", "/" + prefix + "*?ignore_unavailable=true&allow_no_indices=true", null);
    es.deleteTemplates(prefix);
    es.close();
  }

  private static String event(String uuid, String month) {
    return "{\"event_uuid\":\"" + uuid + "\",\"eventTime\":\"2018-" + month + "-15T10:00:00.00+0000\","
        + "\"action\":\"iam.login\",\"outcome\":\"success\"}";
  }

  @Test
  void takesBackExactlyTheSessionsRecordsFromTheGivenOneOnAndNothingItMetAsADuplicate() throws Exception {
    IndexTemplates.install(client, prefix);
    // session a: records 1-6 over two monthly indices, record 5 a dead letter
    store("a", List.of(event("a1", "07"), event("a2", "07"), event("a3", "07"), event("a4", "08"), "not json",
        event("a6", "08")));
    // session b: its record 1 is a2 again (a 409: b stored nothing for it), then b2, b3
    store("b", List.of(event("a2", "07"), event("b2", "07"), event("b3", "08")));
    assertThat(ids(prefix + "20*")).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a6", "b2", "b3");
    assertThat(ids(prefix + "dead-letter")).hasSize(1);

    SessionRetraction retraction = new SessionRetraction(client, prefix, prefix + "dead-letter");
    assertThat(retraction.retract("a", 3).block(TIMEOUT)).as("a3, a4, a6 and the dead letter").isEqualTo(4);
    assertThat(ids(prefix + "20*")).containsExactlyInAnyOrder("a1", "a2", "b2", "b3");
    assertThat(ids(prefix + "dead-letter")).isEmpty();

    assertThat(retraction.retract("b", 1).block(TIMEOUT)).as("b2, b3; not a2, which b only met").isEqualTo(2);
    assertThat(ids(prefix + "20*")).containsExactlyInAnyOrder("a1", "a2");
    assertThat(retraction.retract("b", 1).block(TIMEOUT)).as("nothing left to take back").isZero();
  }

  @Test
  void documentsOfAnOlderConnectorAreTakenBackByTheirAtFields() throws Exception {
    IndexTemplates.install(client, prefix);
    // an index of template version 2 (at.session, at.record), as a killed run of an older connector leaves it
    String old = prefix + "2017.01";
    es.call("PUT", "/" + old, "{\"mappings\":{\"properties\":{\"at\":{\"properties\":{"
        + "\"session\":{\"type\":\"keyword\"},\"record\":{\"type\":\"long\"}}}}}}");
    for (int n = 1; n <= 3; n++) {
      es.call("PUT", "/" + old + "/_doc/old-" + n, "{\"at\":{\"session\":\"a\",\"record\":" + n + "}}");
    }
    store("a", List.of(event("a1", "07"), event("a2", "07")));

    SessionRetraction retraction = new SessionRetraction(client, prefix, prefix + "dead-letter");
    assertThat(retraction.retract("a", 2).block(TIMEOUT)).as("old-2, old-3 and a2").isEqualTo(3);
    assertThat(ids(prefix + "20*")).containsExactlyInAnyOrder("old-1", "a1");
  }

  @Test
  void aPrefixWithNoIndicesYetHasNothingToTakeBack() {
    SessionRetraction retraction = new SessionRetraction(client, prefix, "elsewhere-" + prefix + "dead-letter");
    assertThat(retraction.retract("a", 1).block(TIMEOUT)).isZero();
  }

  private void store(String session, List<String> records) throws IOException {
    Normalizer normalizer = new Normalizer(prefix);
    List<Decoded> decoded = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Position at = new Position(session, i + 1);
      String text = records.get(i);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      decoded.add(text.startsWith("{") ? normalizer.normalize(at, bytes, EsRest.JSON.readTree(bytes))
          : new DeadLetter(at, "decode", "not JSON", text));
    }
    SinkOptions options = new SinkOptions(100, 5L * 1024 * 1024, 1, Duration.ofMillis(100),
        prefix + "dead-letter", Duration.ofMillis(50), Duration.ofSeconds(1), 3);
    new BulkSink(EsClients.esClient(es.rest), options, new SimpleMeterRegistry()).write(Flux.fromIterable(decoded))
        .blockLast(TIMEOUT);
  }

  private List<String> ids(String pattern) throws IOException {
    client.indices().refresh(r -> r.index(pattern).allowNoIndices(true).ignoreUnavailable(true));
    return client.search(s -> s.index(pattern).size(100).allowNoIndices(true).ignoreUnavailable(true),
        ObjectNode.class).hits().hits().stream().map(Hit::id).toList();
  }
}
