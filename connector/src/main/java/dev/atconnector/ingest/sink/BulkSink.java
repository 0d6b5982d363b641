package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.retry.RetryBackoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bulk-index stage: batches documents by count and bytes, sends at most {@code maxConcurrentRequests} bulk
 * requests at a time (so Elasticsearch's pace is the upstream's pace through backpressure), and classifies every
 * item in one place: 2xx indexed, 409 duplicate, 429/5xx retried for the failed items only, 400-class rejections and
 * incoming dead letters written to the dead-letter index.
 *
 * <p><b>Why not the client's {@code BulkIngester}?</b> Its {@code add()} blocks the calling thread when
 * {@code maxConcurrentRequests} is reached; inside a Reactor pipeline that would block an event-loop or parallel
 * thread. Here batching is Reactor operators and concurrency is {@code flatMapSequential(.., maxConcurrentRequests,
 * 1)}: while that many batches are in flight nobody requests more from upstream, so the download itself slows to
 * Elasticsearch's pace. The ingester also leaves item failures to a listener that cannot feed results back in
 * order; here each batch ends in one {@link BatchResult}, in input order, which the pipeline can checkpoint.
 *
 * <p><b>Memory bound.</b> Elements held by the sink are at most {@code maxConcurrentRequests} batches in flight
 * plus the one being filled (each at most {@code maxDocs} and about {@code maxBytes}) plus two elements in the
 * merge with the flush ticks.
 *
 * <p>Document sources are sent as they are (no re-serialisation), as {@code create} operations, so a re-run of the
 * same records yields 409s, which count as duplicates.
 */
public final class BulkSink {
  private final SinkOptions options;
  private final Scheduler scheduler;
  private final DeadLetterDocs deadLetters;
  private final BatchSettlement settlement;
  private final ExistingIds existing;

  public BulkSink(ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters) {
    this(client, options, meters, Schedulers.parallel());
  }

  /**
   * @param scheduler runs the flush ticks and retry backoffs (a virtual-time scheduler in tests)
   */
  public BulkSink(ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters, Scheduler scheduler) {
    this(client, options, meters, scheduler, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A sink for {@code destination}: its events go through the destination's ingest pipeline, if any, and the
   * documents {@code existing} marks are looked up before they are written.
   */
  public BulkSink(ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters,
      Destination destination, ExistingIds existing) {
    this(client, options, meters, Schedulers.parallel(), Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble(), destination.pipeline(), existing);
  }

  BulkSink(
      ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters, Scheduler scheduler, Clock clock,
      DoubleSupplier jitter) {
    this(client, options, meters, scheduler, clock, jitter, Optional.empty(), ExistingIds.none());
  }

  private BulkSink(
      ElasticsearchAsyncClient client, SinkOptions options, MeterRegistry meters, Scheduler scheduler, Clock clock,
      DoubleSupplier jitter, Optional<String> pipeline, ExistingIds existing) {
    Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(meters, "meters");
    if (options.flushInterval().isNegative() || options.flushInterval().isZero()) {
      throw new IllegalArgumentException("flushInterval must be strictly positive, got " + options.flushInterval());
    }
    this.deadLetters = new DeadLetterDocs(options.deadLetterIndex(), clock);
    this.existing = Objects.requireNonNull(existing, "existing");
    RetryBackoff backoff = new RetryBackoff(options.retryInitial(), options.retryMax(), jitter);
    this.settlement = new BatchSettlement(
        client, options, new BulkMeters(meters), backoff, scheduler, deadLetters, describeTarget(client), pipeline,
        Objects.requireNonNull(existing, "existing"));
  }

  /**
   * Indexes the input. Emits one result per batch, in order, after that batch is fully settled; completes after the
   * input completes and every batch is settled; errors with {@link SinkException} when Elasticsearch cannot take
   * the data. Requests from upstream only as batches are settled.
   */
  public Flux<BatchResult> write(Flux<? extends Decoded> input) {
    Objects.requireNonNull(input, "input");
    return Flux.defer(() -> {
      Sinks.Empty<Void> inputDone = Sinks.empty();
      Flux<Object> elements = input.<Object>map(e -> e).doOnComplete(inputDone::tryEmitEmpty);
      // Ticks are droppable: a tick nobody asked for means a batch is already on its way.
      Flux<Object> ticks = Flux.interval(options.flushInterval(), options.flushInterval(), scheduler)
          .onBackpressureDrop()
          .<Object>map(tick -> BatchCutter.FLUSH)
          .takeUntilOther(inputDone.asMono());
      return Flux.merge(1, elements, ticks)
          .bufferUntil(new BatchCutter(options.maxDocs(), options.maxBytes()), true)
          .map(this::render)
          .filter(batch -> !batch.isEmpty())
          .flatMapSequential(settlement::settle, options.maxConcurrentRequests(), 1);
    });
  }

  /** Which documents are looked up before they are written (re-reads on a data stream). */
  public ExistingIds existingIds() {
    return existing;
  }

  private List<BulkItem> render(List<Object> batch) {
    List<BulkItem> items = new ArrayList<>(batch.size());
    for (Object element : batch) {
      if (element instanceof Doc doc) {
        items.add(BulkItem.of(doc));
      } else if (element instanceof DeadLetter letter) {
        items.add(deadLetters.fromDeadLetter(letter));
      }
      // else: a flush tick, which has done its job by closing the previous batch
    }
    return items;
  }

  /** Where the client sends requests, for error messages: scheme, host and port only, never credentials. */
  private static String describeTarget(ElasticsearchAsyncClient client) {
    if (client._transport() instanceof RestClientTransport transport) {
      return "Elasticsearch at " + transport.restClient().getNodes().stream()
          .map(node -> node.getHost().toURI())
          .collect(Collectors.joining(", "));
    }
    return "Elasticsearch";
  }
}
