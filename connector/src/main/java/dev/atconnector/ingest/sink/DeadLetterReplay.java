package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.decode.DataStreamFields;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.model.Position;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code dead-letter replay}: decodes every dead letter's original text again (after a mapping fix, or a connector
 * that now understands it) and bulk-creates the events that now decode; a document Elasticsearch refused
 * ({@code original_format: document}, see {@link DeadLetterDocs}) is sent again as it was, into the replay's
 * destination. A dead letter whose event is now indexed,
 * or was already there (409: the same deterministic _id, so no duplicate), is deleted; the others are rewritten
 * with today's reason and {@code replay_count + 1}. Both only if the dead letter is unchanged since it was read
 * ({@code if_seq_no}/{@code if_primary_term}); a concurrent change wins and is counted as unchanged.
 *
 * <p>One page of dead letters ({@link PitScan}) is handled at a time: memory holds one page and its bulk
 * bodies. Items Elasticsearch could not take for now (429/5xx) leave their dead letter as it was, to be replayed
 * again; 401/403 and unexpected answers stop the replay with a {@link SinkException}.
 */
public final class DeadLetterReplay {
  /** Dead letters per page: originals can reach {@link DecodeLimits#maxDeadLetterTextBytes()} each. */
  public static final int PAGE_SIZE = 100;

  private final ElasticsearchClient es;
  private final String deadLetterIndex;
  private final Redecoder redecoder;
  private final Clock clock;
  private final int pageSize;
  private final Destination destination;
  private boolean refreshed;

  public DeadLetterReplay(ElasticsearchClient es, String indexPrefix, DecodeLimits limits, Clock clock,
      int pageSize) {
    this(es, indexPrefix, Destination.monthly(indexPrefix), limits, clock, pageSize);
  }

  /** Replays the dead letters of {@code <indexPrefix>dead-letter} into {@code destination}. */
  public DeadLetterReplay(ElasticsearchClient es, String indexPrefix, Destination destination, DecodeLimits limits,
      Clock clock, int pageSize) {
    this.es = Objects.requireNonNull(es, "es");
    this.deadLetterIndex = IndexNames.deadLetter(indexPrefix);
    this.redecoder = new Redecoder(new Normalizer(destination), limits);
    this.destination = Objects.requireNonNull(destination, "destination");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be strictly positive, got " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** Counts of one replay; {@code read = indexed + duplicates + stillFailing + unchanged}. */
  public record Summary(long read, long indexed, long duplicates, long stillFailing, long unchanged,
      double seconds) {
    public String line() {
      return String.format(Locale.ROOT, "%d dead letters read, %d indexed, %d already indexed, %d still failing, "
          + "%d unchanged (Elasticsearch busy or changed meanwhile: run again) in %.1f s", read, indexed, duplicates,
          stillFailing, unchanged, seconds);
    }
  }

  /** Replays every dead letter written at or after {@code since} (all if empty). */
  public Summary replay(Optional<Instant> since) {
    long t0 = System.nanoTime();
    Tally tally = new Tally();
    try (PitScan scan = PitScan.open(es, deadLetterIndex, since, pageSize)) {
      for (List<Hit<ObjectNode>> page = scan.next(); !page.isEmpty(); page = scan.next()) {
        replayPage(page, tally);
      }
    }
    return new Summary(tally.read, tally.indexed, tally.duplicates, tally.stillFailing, tally.unchanged,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Passes every dead letter written at or after {@code since} to {@code each}, page by page, with its _id. */
  public void list(Optional<Instant> since, Consumer<ObjectNode> each) {
    try (PitScan scan = PitScan.open(es, deadLetterIndex, since, pageSize)) {
      for (List<Hit<ObjectNode>> page = scan.next(); !page.isEmpty(); page = scan.next()) {
        for (Hit<ObjectNode> hit : page) {
          ObjectNode row = hit.source() == null ? Redo.NODES.objectNode() : hit.source().deepCopy();
          each.accept(Redo.NODES.objectNode().put("_id", hit.id()).setAll(row));
        }
      }
    }
  }

  private static final class Tally {
    long read;
    long indexed;
    long duplicates;
    long stillFailing;
    long unchanged;
  }

  private void replayPage(List<Hit<ObjectNode>> page, Tally tally) {
    List<Redo> redos = new ArrayList<>(page.size());
    List<Redo> toCreate = new ArrayList<>();
    for (Hit<ObjectNode> hit : page) {
      tally.read++;
      ObjectNode source = Objects.requireNonNullElseGet(hit.source(), Redo.NODES::objectNode);
      Position position = new Position(source.path("session").asText(""), source.path("record").asLong(0));
      Decoded decoded = DeadLetterDocs.DOCUMENT_FORMAT.equals(source.path("original_format").asText(null))
          ? asSent(position, source) : redecoder.decode(position, source.path("original").asText(""));
      Redo redo = new Redo(hit, source, decoded);
      redos.add(redo);
      if (decoded instanceof Doc) {
        toCreate.add(redo);
      }
    }
    toCreate = withoutStored(toCreate);
    if (!toCreate.isEmpty()) {
      settleCreates(toCreate, bulk(createRequest(toCreate)));
    }
    settleDeadLetters(redos, tally);
  }

  /**
   * A document Elasticsearch refused, kept as it was sent (the record it came from is not kept): sent again with the
   * same _id, into this replay's destination ({@link DataStreamFields#retarget}: the index of its
   * {@code @timestamp} there, and {@code data_stream.*} written as the transcoder writes them, or left out for
   * monthly indices), so a document refused by monthly indices can be replayed into the data stream and back.
   */
  private Decoded asSent(Position position, ObjectNode source) {
    String original = source.path("original").asText("");
    String index = source.path("target_index").asText("");
    String id = source.path("doc_id").asText("");
    if (index.isEmpty() || id.isEmpty()) {
      return new DeadLetter(position, DeadLetterDocs.INDEX_STAGE, position + ": a refused document without its "
          + "target_index or doc_id cannot be sent again", original);
    }
    byte[] bytes = original.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes);
    Doc sent = new Doc(id, index, bytes, position, crc.getValue() << 32 | bytes.length);
    return DataStreamFields.retarget(sent, destination).orElse(sent);
  }

  /**
   * A replayed event may be stored already, and on a data stream possibly in an older backing index, where
   * {@code create} would not see it: those are looked up first (one {@code ids} search per page, the stream refreshed
   * once per replay) and count as duplicates. Monthly indices need no lookup.
   */
  private List<Redo> withoutStored(List<Redo> redos) {
    if (redos.isEmpty() || !(destination instanceof Destination.DataStream ds)) {
      return redos;
    }
    List<String> ids = redos.stream().map(r -> ((Doc) r.decoded).id()).distinct().toList();
    java.util.Set<String> stored = new java.util.HashSet<>();
    try {
      if (!refreshed) {
        es.indices().refresh(r -> r.index(ds.name()).ignoreUnavailable(true).allowNoIndices(true));
        refreshed = true;
      }
      es.search(q -> q.index(ds.name()).ignoreUnavailable(true).allowNoIndices(true).size(ids.size())
          .source(src -> src.fetch(false)).trackTotalHits(t -> t.enabled(false))
          .query(x -> x.ids(i -> i.values(ids))), Void.class).hits().hits().forEach(h -> stored.add(h.id()));
    } catch (java.io.IOException e) {
      throw new SinkException("cannot look up which replayed events " + ds.name() + " holds already: "
          + "Elasticsearch did not answer (" + e + ")", false, e);
    }
    List<Redo> rest = new ArrayList<>();
    for (Redo redo : redos) {
      if (stored.contains(((Doc) redo.decoded).id())) {
        redo.outcome = Redo.Outcome.DUPLICATE;
      } else {
        rest.add(redo);
      }
    }
    return rest;
  }

  private BulkRequest createRequest(List<Redo> redos) {
    BulkRequest.Builder request = new BulkRequest.Builder();
    String pipeline = destination.pipeline().orElse(null);
    for (Redo redo : redos) {
      Doc doc = (Doc) redo.decoded;
      BinaryData source = BinaryData.of(BulkBodies.oneLine(doc.source()), ContentType.APPLICATION_JSON);
      request.operations(op -> op.create(c -> c.index(doc.index()).id(doc.id()).pipeline(pipeline)
          .document(source)));
    }
    return request.build();
  }

  private void settleCreates(List<Redo> redos, BulkResponse response) {
    List<BulkResponseItem> items = response.items();
    if (items.size() != redos.size()) {
      throw new SinkException("Elasticsearch answered " + items.size() + " bulk items for " + redos.size(), false,
          null);
    }
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      Redo redo = redos.get(i);
      String type = item.error() == null ? null : item.error().type();
      switch (BulkItemClassifier.classifyItem(item.status(), type)) {
        case INDEXED -> redo.outcome = Redo.Outcome.INDEXED;
        case DUPLICATE -> redo.outcome = Redo.Outcome.DUPLICATE;
        case RETRY -> redo.outcome = Redo.Outcome.UNCHANGED;
        case REJECT -> redo.rejected(type, item.error().reason());
        case AUTH -> throw new SinkException("Elasticsearch refused to index a replayed event into "
            + item.index() + " (HTTP " + item.status() + ")", true, null);
        case FATAL -> throw new SinkException("Unexpected answer indexing a replayed event into " + item.index()
            + ": HTTP " + item.status() + (type == null ? "" : " " + type), false, null);
        default -> throw new IllegalStateException("unknown outcome");
      }
    }
  }

  private void settleDeadLetters(List<Redo> redos, Tally tally) {
    BulkRequest.Builder request = new BulkRequest.Builder();
    List<Redo> sent = new ArrayList<>();
    String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock));
    for (Redo redo : redos) {
      Hit<ObjectNode> hit = redo.hit;
      switch (redo.outcome) {
        case INDEXED, DUPLICATE -> request.operations(op -> op.delete(d -> d.index(hit.index()).id(hit.id())
            .ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm())));
        case STILL_FAILING -> {
          BinaryData updated = BinaryData.of(redo.updatedSource(now), ContentType.APPLICATION_JSON);
          request.operations(op -> op.index(x -> x.index(hit.index()).id(hit.id()).ifSeqNo(hit.seqNo())
              .ifPrimaryTerm(hit.primaryTerm()).document(updated)));
        }
        case UNCHANGED -> {
          tally.unchanged++;
          continue;
        }
        default -> throw new IllegalStateException("dead letter " + hit.id() + " not settled");
      }
      sent.add(redo);
    }
    if (sent.isEmpty()) {
      return;
    }
    List<BulkResponseItem> items = bulk(request.build()).items();
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      Redo redo = sent.get(i);
      if (item.status() == 409) {
        tally.unchanged++; // changed since it was read (a concurrent ingest or replay): leave it to that one
      } else if (item.status() >= 200 && item.status() < 300 || item.status() == 404 && redo.deletes()) {
        redo.count(tally);
      } else {
        throw new SinkException("Dead-letter index " + deadLetterIndex + " refused to "
            + (redo.deletes() ? "delete" : "update") + " dead letter " + redo.hit.id() + ": HTTP " + item.status()
            + (item.error() == null ? "" : " " + item.error().type() + ": " + item.error().reason()),
            false, item.status(), null);
      }
    }
  }

  private BulkResponse bulk(BulkRequest request) {
    try {
      return es.bulk(request);
    } catch (IOException e) {
      throw new SinkException("a bulk request to Elasticsearch failed: " + e, false, e);
    }
  }

  /** One dead letter being replayed: what it decodes to now and what became of it. */
  private static final class Redo {
    static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    enum Outcome { INDEXED, DUPLICATE, STILL_FAILING, UNCHANGED }

    final Hit<ObjectNode> hit;
    final ObjectNode source;
    final Decoded decoded;
    Outcome outcome;
    String stage;
    String reason;
    String errorType;

    Redo(Hit<ObjectNode> hit, ObjectNode source, Decoded decoded) {
      this.hit = hit;
      this.source = source;
      this.decoded = decoded;
      if (decoded instanceof DeadLetter letter) {
        outcome = Outcome.STILL_FAILING;
        stage = letter.stage();
        reason = letter.reason();
      }
    }

    void rejected(String type, String why) {
      outcome = Outcome.STILL_FAILING;
      stage = DeadLetterDocs.INDEX_STAGE;
      errorType = type;
      reason = type + ": " + (why == null ? "no reason given" : BulkBodies.clip(why));
    }

    boolean deletes() {
      return outcome == Outcome.INDEXED || outcome == Outcome.DUPLICATE;
    }

    void count(Tally tally) {
      switch (outcome) {
        case INDEXED -> tally.indexed++;
        case DUPLICATE -> tally.duplicates++;
        case STILL_FAILING -> tally.stillFailing++;
        default -> tally.unchanged++;
      }
    }

    /** The dead letter with today's reason, stage and target, and one more replay counted. */
    byte[] updatedSource(String now) {
      ObjectNode out = source.deepCopy();
      out.put("stage", stage).put("reason", reason)
          .put("replay_count", source.path("replay_count").asLong(0) + 1)
          .put("replayed_at", now);
      if (errorType == null) {
        out.remove("error_type");
      } else {
        out.put("error_type", errorType);
      }
      if (decoded instanceof Doc doc) {
        out.put("target_index", doc.index()).put("doc_id", doc.id());
      }
      try {
        return JSON.writeValueAsBytes(out);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("serialising a JSON tree to memory failed", e);
      }
    }
  }
}
