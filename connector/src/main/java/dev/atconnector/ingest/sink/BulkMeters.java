package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.metrics.MeterNames;
import dev.atconnector.ingest.metrics.Readiness;
import dev.atconnector.ingest.metrics.RetryMeters;
import dev.atconnector.ingest.metrics.RetryReason;
import dev.atconnector.ingest.metrics.Side;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The sink's meters, registered once (names in {@link MeterNames}, documented in docs/metrics.md), and the sink's
 * report to the run's {@link Readiness}. Tags are bounded: {@code stage=decode|normalise|index|other},
 * {@code outcome=success|retry|failed}, and {@code at.retries}' {@code side=sink} with a {@link RetryReason}.
 */
final class BulkMeters {
  private static final Duration[] LATENCY_BUCKETS = java.util.stream.Stream.of(5, 10, 25, 50, 100, 250, 500, 1000,
      2500, 5000, 10_000, 30_000, 60_000, 120_000).map(Duration::ofMillis).toArray(Duration[]::new);
  private static final Set<String> STAGES = Set.of("decode", "normalise", DeadLetterDocs.INDEX_STAGE);

  final Counter indexed;
  final Counter duplicates;
  final Counter itemsRetried;
  final Counter requestsSuccess;
  final Counter requestsRetry;
  final Counter requestsFailed;
  final Timer duration;
  final DistributionSummary bytes;
  final DistributionSummary docs;
  private final Map<String, Counter> deadLettered;
  private final Counter deadLetteredOther;
  private final MeterRegistry registry;
  private final RetryMeters retries;
  private final Readiness readiness;

  BulkMeters(MeterRegistry registry) {
    this.registry = registry;
    indexed = Counter.builder(MeterNames.RECORDS_INDEXED).description("documents created").register(registry);
    duplicates = Counter.builder(MeterNames.RECORDS_DUPLICATES)
        .description("documents already present (409 on create)").register(registry);
    itemsRetried = Counter.builder(MeterNames.BULK_ITEMS_RETRIED)
        .description("bulk items sent again after a 429/5xx").register(registry);
    requestsSuccess = requests(registry, "success");
    requestsRetry = requests(registry, "retry");
    requestsFailed = requests(registry, "failed");
    duration = Timer.builder(MeterNames.BULK_LATENCY).description("bulk request round trip")
        // fixed buckets let Prometheus compute quantiles across scrapes and instances; 14 series, not ~70
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    bytes = DistributionSummary.builder(MeterNames.BULK_SIZE_BYTES).baseUnit("bytes")
        .description("estimated bulk request body size").register(registry);
    docs = DistributionSummary.builder(MeterNames.BULK_SIZE_DOCS)
        .description("operations per bulk request").register(registry);
    deadLettered = Map.of(
        "decode", deadLettered(registry, "decode"),
        "normalise", deadLettered(registry, "normalise"),
        DeadLetterDocs.INDEX_STAGE, deadLettered(registry, DeadLetterDocs.INDEX_STAGE));
    deadLetteredOther = deadLettered(registry, "other");
    retries = new RetryMeters(registry);
    readiness = Readiness.of(registry);
  }

  Counter deadLettered(String stage) {
    return STAGES.contains(stage) ? deadLettered.get(stage) : deadLetteredOther;
  }

  Timer.Sample startTimer() {
    return Timer.start(registry);
  }

  /** Elasticsearch answered a bulk request (whatever its items say): it is up and takes the credentials. */
  void answered() {
    requestsSuccess.increment();
    readiness.success(Side.SINK);
  }

  /**
   * A bulk request failed as a whole. No answer, 401/403, 429 and 5xx make the sink not ready; a 400 or 413 is
   * Elasticsearch answering (the request is at fault, handled by splitting it).
   */
  void failed(Throwable failure) {
    readiness.outcome(Side.SINK, Causes.of(failure, Side.SINK.remote()), Readiness.rootType(failure));
  }

  /** The whole request is sent again after {@code failure}. */
  void requestRetried(Throwable failure) {
    requestsRetry.increment();
    retries.retried(Side.SINK, RetryReason.ofStatus(Readiness.httpStatus(failure)));
  }

  /** The request was refused as too large and goes again in halves. */
  void requestSplit() {
    requestsRetry.increment();
    retries.retried(Side.SINK, RetryReason.TOO_LARGE);
  }

  /** Failed items of an answered request are sent again; {@code status} is one of theirs (429 or 5xx). */
  void itemsRetried(int count, int status) {
    itemsRetried.increment(count);
    retries.retried(Side.SINK, RetryReason.ofStatus(status));
  }

  private static Counter requests(MeterRegistry registry, String outcome) {
    return Counter.builder(MeterNames.BULK_REQUESTS).tag("outcome", outcome)
        .description("bulk requests by outcome").register(registry);
  }

  private static Counter deadLettered(MeterRegistry registry, String stage) {
    return Counter.builder(MeterNames.RECORDS_DEAD_LETTERED).tag("stage", stage)
        .description("records written to the dead-letter index").register(registry);
  }
}
