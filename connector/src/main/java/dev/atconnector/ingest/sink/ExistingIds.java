package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.retry.RetryBackoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Keeps re-reads exact on a data stream. {@code create} with the event's deterministic {@code _id} dedups only
 * within the index it lands in, and a data stream writes to its newest backing index only: after a rollover an
 * event stored in an older backing index would be stored again (elastic/elasticsearch#44794). So documents of a
 * read that may have been stored before (a session the checkpoint marks as a re-read: a window taken back after a
 * kill, a {@code --reread}, a follow-mode open day, a dead-letter replay) are looked up across every backing index
 * before they are written, one {@code ids} search per bulk batch ({@code size} = the batch, no {@code _source}),
 * and those found are counted as duplicates instead of being written. Reads never done before are not checked.
 *
 * <p>Search sees what was refreshed: the data stream is refreshed once per checked session before its first
 * lookup, so everything an earlier run stored is visible (documents this run writes meanwhile land in the write
 * index, where {@code create} catches a repeat itself).
 */
public final class ExistingIds {
  private static final Logger LOG = LoggerFactory.getLogger(ExistingIds.class);
  /** Elasticsearch's default {@code index.max_result_window}: a larger batch is looked up in slices. */
  static final int MAX_PER_SEARCH = 10_000;
  private static final ExistingIds NONE = new ExistingIds(null, new RetryBackoff(Duration.ZERO, Duration.ZERO), 0);

  private final ElasticsearchAsyncClient client;
  private final RetryBackoff backoff;
  private final int maxRetries;
  private final Set<String> checked = ConcurrentHashMap.newKeySet();
  private final Set<String> refreshed = ConcurrentHashMap.newKeySet();
  private volatile boolean all;
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong found = new AtomicLong();

  private ExistingIds(ElasticsearchAsyncClient client, RetryBackoff backoff, int maxRetries) {
    this.client = client;
    this.backoff = backoff;
    this.maxRetries = maxRetries;
  }

  /** No checks: monthly indices (the event's month fixes its index, so {@code create} dedups alone). */
  public static ExistingIds none() {
    return NONE;
  }

  /**
   * Checks on a data stream through {@code client}, retrying a failed lookup as the sink retries a bulk request:
   * at most {@code maxRetries} times, with the sink's capped full-jitter backoff.
   */
  public static ExistingIds on(ElasticsearchAsyncClient client, SinkOptions options) {
    return new ExistingIds(Objects.requireNonNull(client, "client"),
        new RetryBackoff(options.retryInitial(), options.retryMax()), options.maxRetries());
  }

  /** The documents of this session may be stored already (it re-reads a window): look them up first. */
  public void checkSession(String sessionId) {
    if (client != null) {
      checked.add(sessionId);
    }
  }

  /** Every document may be stored already (a dead-letter replay). */
  public void checkAll() {
    all = client != null;
  }

  /** Lookup requests sent so far (for the run's log and the benchmark). */
  public long lookups() {
    return lookups.get();
  }

  /** Documents found stored already, so far. */
  public long found() {
    return found.get();
  }

  private boolean wanted(BulkItem item) {
    return !item.isDeadLetter() && item.origin() instanceof Doc doc
        && (all || checked.contains(doc.position().sessionId()));
  }

  /** The ids among {@code batch}'s checked documents that are stored already in their data stream. */
  Mono<Set<String>> existing(List<BulkItem> batch) {
    if (client == null || !all && checked.isEmpty()) {
      return Mono.just(Set.of());
    }
    List<BulkItem> ask = new ArrayList<>();
    for (BulkItem item : batch) {
      if (wanted(item)) {
        ask.add(item);
      }
    }
    if (ask.isEmpty()) {
      return Mono.just(Set.of());
    }
    String target = ask.get(0).index();
    Set<String> ids = new HashSet<>();
    boolean oneTarget = true;
    for (BulkItem item : ask) {
      ids.add(item.id());
      oneTarget &= item.index().equals(target);
    }
    if (!oneTarget) {
      throw new IllegalStateException("an existence check covers one data stream per batch");
    }
    String session = ((Doc) ask.get(0).origin()).position().sessionId();
    Mono<Void> refresh = refreshed.add(all ? "*" + target : session + "/" + target)
        ? Mono.fromFuture(() -> client.indices().refresh(r -> r.index(target).ignoreUnavailable(true)
            .allowNoIndices(true))).then()
        : Mono.empty();
    List<String> all = new ArrayList<>(ids);
    List<Mono<Set<String>>> searches = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_PER_SEARCH) {
      searches.add(search(target, all.subList(from, Math.min(all.size(), from + MAX_PER_SEARCH))));
    }
    return refresh.then(Flux.concat(searches).reduce(new HashSet<String>(), (acc, found) -> {
      acc.addAll(found);
      return acc;
    })).map(out -> {
      this.found.addAndGet(out.size());
      if (!out.isEmpty()) {
        LOG.debug("{} of {} re-read documents are stored in {} already", out.size(), ids.size(), target);
      }
      return out;
    });
  }

  /** One lookup of at most {@link #MAX_PER_SEARCH} ids. */
  private Mono<Set<String>> search(String target, List<String> ids) {
    SearchRequest search = SearchRequest.of(s -> s.index(target).ignoreUnavailable(true).allowNoIndices(true)
        .size(ids.size()).source(src -> src.fetch(false)).trackTotalHits(t -> t.enabled(false))
        .query(q -> q.ids(i -> i.values(ids))));
    return Mono.fromFuture(() -> client.search(search, Void.class))
        .retryWhen(Retry.from(signals -> signals.concatMap(rs ->
            rs.failure() instanceof IllegalStateException || rs.totalRetries() >= maxRetries
                ? Mono.error(rs.failure())
                : Mono.delay(backoff.delay(rs.totalRetries() + 1)))))
        .onErrorMap(e -> new SinkException("could not look up which of " + ids.size() + " re-read documents are "
            + "stored in " + target + " already (" + BulkBodies.clip(e.getClass().getSimpleName() + ": " + e.getMessage()) + "); the run stops rather "
            + "than risk duplicates after a rollover: run it again once Elasticsearch answers", false, e))
        .map(response -> {
          lookups.incrementAndGet();
          Set<String> out = new HashSet<>();
          for (Hit<Void> hit : response.hits().hits()) {
            out.add(hit.id());
          }
          return out;
        });
  }
}
