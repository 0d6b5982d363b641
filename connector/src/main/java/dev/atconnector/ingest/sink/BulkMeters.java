package dev.atconnector.ingest.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;

/**
 * The sink's meters, registered once. Names are lowercase and dotted; tags are bounded:
 *
 * <ul>
 *   <li>{@code ingest.docs.indexed}, {@code ingest.docs.duplicates} (409 on create): counters
 *   <li>{@code ingest.docs.dead_lettered} tag {@code stage=decode|normalise|index|other}: counter
 *   <li>{@code ingest.bulk.items.retried}: items sent again after an item-level 429/5xx
 *   <li>{@code ingest.bulk.requests} tag {@code outcome=success|retry|failed}: bulk requests by how they ended
 *   <li>{@code ingest.bulk.duration}: timer of one bulk request; {@code ingest.bulk.bytes}: estimated body size
 * </ul>
 */
final class BulkMeters {
  private static final Set<String> STAGES = Set.of("decode", "normalise", DeadLetterDocs.INDEX_STAGE);

  final Counter indexed;
  final Counter duplicates;
  final Counter itemsRetried;
  final Counter requestsSuccess;
  final Counter requestsRetry;
  final Counter requestsFailed;
  final Timer duration;
  final DistributionSummary bytes;
  private final Map<String, Counter> deadLettered;
  private final Counter deadLetteredOther;
  private final MeterRegistry registry;

  BulkMeters(MeterRegistry registry) {
    this.registry = registry;
    indexed = Counter.builder("ingest.docs.indexed").description("documents created").register(registry);
    duplicates = Counter.builder("ingest.docs.duplicates")
        .description("documents already present (409 on create)").register(registry);
    itemsRetried = Counter.builder("ingest.bulk.items.retried")
        .description("bulk items sent again after a 429/5xx").register(registry);
    requestsSuccess = requests(registry, "success");
    requestsRetry = requests(registry, "retry");
    requestsFailed = requests(registry, "failed");
    duration = Timer.builder("ingest.bulk.duration").description("bulk request round trip").register(registry);
    bytes = DistributionSummary.builder("ingest.bulk.bytes").baseUnit("bytes")
        .description("estimated bulk request body size").register(registry);
    deadLettered = Map.of(
        "decode", deadLettered(registry, "decode"),
        "normalise", deadLettered(registry, "normalise"),
        DeadLetterDocs.INDEX_STAGE, deadLettered(registry, DeadLetterDocs.INDEX_STAGE));
    deadLetteredOther = deadLettered(registry, "other");
  }

  Counter deadLettered(String stage) {
    return STAGES.contains(stage) ? deadLettered.get(stage) : deadLetteredOther;
  }

  Timer.Sample startTimer() {
    return Timer.start(registry);
  }

  private static Counter requests(MeterRegistry registry, String outcome) {
    return Counter.builder("ingest.bulk.requests").tag("outcome", outcome)
        .description("bulk requests by outcome").register(registry);
  }

  private static Counter deadLettered(MeterRegistry registry, String stage) {
    return Counter.builder("ingest.docs.dead_lettered").tag("stage", stage)
        .description("records written to the dead-letter index").register(registry);
  }
}
