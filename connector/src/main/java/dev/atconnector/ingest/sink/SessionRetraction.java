package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link Retraction} against Elasticsearch: every stored document carries its session and record number
 * ({@code ibmcloud.activity_tracker.download.session}/{@code .record}, {@code at.session}/{@code at.record} in
 * documents of connectors before template version 3; {@code session}, {@code record} in the dead-letter index), so
 * what a session stored from a record on is found by a query. The indices are refreshed first (so every settled write is
 * visible), then paged in a point in time and deleted by index and id. A document that is gone already counts as
 * taken back; any other failed delete fails the retraction, which the caller must not ignore.
 *
 * <p>Only documents this session <em>created</em> carry its id: a record that met an existing document (409) left
 * that document as it was, so nothing stored by an earlier session is touched.
 */
public final class SessionRetraction implements Retraction {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRetraction.class);
  private static final int PAGE = 1000;
  /** Where an event document names the session and record it came from (docs/fields.md). */
  public static final String SESSION_FIELD = "ibmcloud.activity_tracker.download.session";
  public static final String RECORD_FIELD = "ibmcloud.activity_tracker.download.record";

  private final ElasticsearchClient es;
  private final List<String> indices;
  private final String deadLetterIndex;

  /**
   * @param indexPrefix prefix of the event indices, e.g. {@code activity-tracker-}
   * @param deadLetterIndex the dead-letter index
   */
  public SessionRetraction(ElasticsearchClient es, String indexPrefix, String deadLetterIndex) {
    this(es, Destination.monthly(indexPrefix), deadLetterIndex);
  }

  /**
   * @param destination where the events are (a data stream: every backing index)
   * @param deadLetterIndex the dead-letter index
   */
  public SessionRetraction(ElasticsearchClient es, Destination destination, String deadLetterIndex) {
    this.es = Objects.requireNonNull(es, "es");
    this.deadLetterIndex = Objects.requireNonNull(deadLetterIndex, "deadLetterIndex");
    this.indices = List.of(Objects.requireNonNull(destination, "destination").searchTarget(), deadLetterIndex);
  }

  @Override
  public Mono<Long> retract(String sessionId, long fromRecord) {
    // blocking client calls: off the event loops
    return Mono.fromCallable(() -> retractNow(sessionId, fromRecord)).subscribeOn(Schedulers.boundedElastic());
  }

  private long retractNow(String sessionId, long fromRecord) throws IOException {
    es.indices().refresh(r -> r.index(indices).ignoreUnavailable(true).allowNoIndices(true));
    long deleted = 0;
    try (PitScan scan = PitScan.open(es, indices, query(sessionId, fromRecord), PAGE)) {
      for (List<Hit<ObjectNode>> page = scan.next(); !page.isEmpty(); page = scan.next()) {
        deleted += delete(page, sessionId);
      }
    }
    LOG.warn("took back {} documents and dead letters of session {} from record {} on", deleted, sessionId,
        fromRecord);
    return deleted;
  }

  private Query query(String sessionId, long fromRecord) {
    Query events = bySession(SESSION_FIELD, RECORD_FIELD, sessionId, fromRecord, null);
    // documents of a connector before template version 3 (a killed run of it may leave some to take back)
    Query oldEvents = bySession("at.session", "at.record", sessionId, fromRecord, null);
    Query letters = bySession("session", "record", sessionId, fromRecord, deadLetterIndex);
    return Query.of(q -> q.bool(b -> b.should(events, oldEvents, letters).minimumShouldMatch("1")));
  }

  private static Query bySession(String sessionField, String recordField, String sessionId, long fromRecord,
      String onlyIndex) {
    List<Query> filters = new ArrayList<>(3);
    filters.add(Query.of(q -> q.term(t -> t.field(sessionField).value(FieldValue.of(sessionId)))));
    filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field(recordField).gte(JsonData.of(fromRecord))))));
    if (onlyIndex != null) {
      filters.add(Query.of(q -> q.term(t -> t.field("_index").value(FieldValue.of(onlyIndex)))));
    }
    return Query.of(q -> q.bool(b -> b.filter(filters)));
  }

  private long delete(List<Hit<ObjectNode>> page, String sessionId) throws IOException {
    List<BulkOperation> ops = new ArrayList<>(page.size());
    for (Hit<ObjectNode> hit : page) {
      ops.add(BulkOperation.of(o -> o.delete(d -> d.index(hit.index()).id(hit.id()))));
    }
    BulkResponse response;
    try {
      response = es.bulk(b -> b.operations(ops));
    } catch (ElasticsearchException e) {
      throw new SinkException("could not take back the documents of session " + sessionId + ": " + e.getMessage(),
          false, e);
    }
    long deleted = 0;
    for (BulkResponseItem item : response.items()) {
      if (item.error() != null && item.status() != 404) {
        // the item's status classifies it: a 403 (a role without delete) is an auth failure, exit 3
        throw new SinkException("could not take back document " + item.id() + " of session " + sessionId + " from "
            + item.index() + ": " + item.error().type() + ": " + item.error().reason(), false, item.status(), null);
      }
      deleted += item.status() == 404 ? 0 : 1;
    }
    return deleted;
  }
}
