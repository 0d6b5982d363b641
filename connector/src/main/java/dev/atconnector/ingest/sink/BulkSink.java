package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.atconnector.ingest.model.Decoded;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

/**
 * The bulk-index stage: batches documents by count and bytes, sends at most {@code maxConcurrentRequests} bulk
 * requests at a time (so Elasticsearch's pace is the upstream's pace through backpressure), and classifies every
 * item in one place: 2xx indexed, 409 duplicate, 429/5xx retried for the failed items only, 400-class rejections and
 * incoming dead letters written to the dead-letter index.
 */
public final class BulkSink {

  public BulkSink(ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters) {
    throw new UnsupportedOperationException("todo");
  }

  /**
   * Indexes the input. Emits one result per batch, in order, after that batch is fully settled; completes after the
   * input completes and every batch is settled; errors with {@link SinkException} when Elasticsearch cannot take
   * the data. Requests from upstream only as batches are settled.
   */
  public Flux<BatchResult> write(Flux<? extends Decoded> input) {
    throw new UnsupportedOperationException("todo");
  }
}
