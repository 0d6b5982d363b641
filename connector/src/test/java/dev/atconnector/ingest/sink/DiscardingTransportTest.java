package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.atconnector.ingest.model.Decoded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class DiscardingTransportTest {
  private final DiscardingTransport transport = new DiscardingTransport();
  private final ElasticsearchAsyncClient client = DiscardingTransport.client(transport);

  @Test
  void everyDocumentGoesThroughTheRealBulkSerialisationAndCountsAsIndexed() {
    int n = 4_321;
    Flux<Decoded> docs = Flux.range(1, n).map(BulkTestData::doc);
    List<BatchResult> results = new BulkSink(client, BulkTestData.options(1000, 2, 0), new SimpleMeterRegistry())
        .write(docs).collectList().block(Duration.ofSeconds(30));

    assertThat(results).hasSize(5);
    assertThat(results.stream().mapToLong(BatchResult::indexed).sum()).isEqualTo(n);
    assertThat(results.stream().mapToLong(r -> r.duplicates() + r.deadLettered() + r.retriedItems()).sum()).isZero();
    assertThat(transport.operations()).isEqualTo(n);
    // the bodies were built: every source plus an action line naming index and id
    long sources = Flux.range(1, n).map(i -> BulkTestData.doc(i).source().length + 1L)
        .reduce(0L, Long::sum).block(Duration.ofSeconds(5));
    assertThat(transport.bodyBytes()).isGreaterThan(sources + n * (long) BulkTestData.INDEX.length());
  }

  @Test
  void anythingButABulkRequestFailsNamingTheRequest() {
    assertThatThrownBy(() -> client.info().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("--sink discard only takes bulk requests")
        .hasMessageContaining("GET /");
  }
}
