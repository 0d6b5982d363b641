package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through indices in a point in time (a stable snapshot, so deleting and rewriting the documents already seen
 * does not shift the pages), sorted by {@code _shard_doc} and continued with {@code search_after}; holds one page at
 * a time. Two uses: the dead letters for {@link DeadLetterReplay}, with their sources and
 * {@code _seq_no}/{@code _primary_term} so each can be changed only if nobody changed it meanwhile; and the ids a
 * {@link SessionRetraction} deletes.
 */
final class PitScan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PitScan.class);
  private static final String KEEP_ALIVE = "5m";

  private final ElasticsearchClient es;
  private final Query query;
  private final int pageSize;
  private final boolean withSource;
  private String pit;
  private List<FieldValue> after;
  private boolean done;

  /**
   * @param since only dead letters written at or after this instant ({@code @timestamp})
   * @return a scan, or one that yields nothing when the index does not exist
   */
  static PitScan open(ElasticsearchClient es, String index, Optional<Instant> since, int pageSize) {
    Query query = since
        .map(s -> Query.of(q -> q.range(r -> r.date(d -> d.field("@timestamp")
            .gte(DateTimeFormatter.ISO_INSTANT.format(s))))))
        .orElseGet(() -> Query.of(q -> q.matchAll(m -> m)));
    try {
      String pit = es.openPointInTime(o -> o.index(index).keepAlive(t -> t.time(KEEP_ALIVE))).id();
      return new PitScan(es, query, pageSize, pit, true);
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        LOG.info("dead-letter index {} does not exist: nothing to do", index);
        return new PitScan(es, query, pageSize, null, true);
      }
      throw e;
    } catch (IOException e) {
      throw new SinkException("cannot read the dead-letter index " + index + ": " + e, false, e);
    }
  }

  /** The ids (no sources) of the documents in {@code indices} (missing ones skipped) that match {@code query}. */
  static PitScan open(ElasticsearchClient es, List<String> indices, Query query, int pageSize)
      throws IOException {
    String pit = es.openPointInTime(o -> o.index(indices).ignoreUnavailable(true).keepAlive(t -> t.time(KEEP_ALIVE)))
        .id();
    return new PitScan(es, query, pageSize, pit, false);
  }

  private PitScan(ElasticsearchClient es, Query query, int pageSize, String pit, boolean withSource) {
    this.es = es;
    this.query = query;
    this.pageSize = pageSize;
    this.pit = pit;
    this.withSource = withSource;
    this.done = pit == null;
  }

  /** The next page of dead letters; empty when the scan is done. */
  List<Hit<ObjectNode>> next() {
    if (done) {
      return List.of();
    }
    try {
      SearchResponse<ObjectNode> page = es.search(s -> {
        s.pit(p -> p.id(pit).keepAlive(t -> t.time(KEEP_ALIVE)))
            .query(query)
            .size(pageSize)
            .seqNoPrimaryTerm(true)
            .source(src -> src.fetch(withSource))
            .trackTotalHits(t -> t.enabled(false))
            .sort(o -> o.field(f -> f.field("_shard_doc").order(SortOrder.Asc)));
        if (after != null) {
          s.searchAfter(after);
        }
        return s;
      }, ObjectNode.class);
      if (page.pitId() != null) {
        pit = page.pitId(); // the id may change between requests; always continue with the latest
      }
      List<Hit<ObjectNode>> hits = page.hits().hits();
      if (hits.size() < pageSize) {
        done = true;
      }
      if (!hits.isEmpty()) {
        after = hits.get(hits.size() - 1).sort();
      }
      return hits;
    } catch (IOException e) {
      throw new SinkException("cannot page through " + (withSource ? "the dead-letter index" : "the indices") + ": "
          + e, false, e);
    }
  }

  @Override
  public void close() {
    if (pit == null) {
      return;
    }
    String id = pit;
    pit = null;
    try {
      es.closePointInTime(c -> c.id(id));
    } catch (IOException | ElasticsearchException e) {
      // it expires by itself after KEEP_ALIVE; nothing is lost
      LOG.debug("closing the point in time failed: {}", e.toString());
    }
  }
}
