package dev.atconnector.ingest.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.config.CheckpointSettings;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Checkpoint documents in their own index, one per source, over the low-level REST client (blocking: call it off
 * the event loops). Every write is conditional: {@link #create} only if absent, {@link #replace} only if the
 * document still has the sequence number and primary term that was read ({@code if_seq_no}/{@code
 * if_primary_term}), so two processes can never both think they moved the same checkpoint.
 */
public final class CheckpointStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CheckpointStore.class);
  /** The default index, also {@code --checkpoint-index} / {@code AT_CHECKPOINT_INDEX}. */
  public static final String DEFAULT_INDEX = CheckpointSettings.DEFAULT_INDEX;

  private final RestClient rest;
  private final String index;

  public CheckpointStore(RestClient rest, String index) {
    this.rest = Objects.requireNonNull(rest, "rest");
    this.index = Objects.requireNonNull(index, "index");
  }

  /** A checkpoint as read, with the version a conditional write must name. */
  public record Stored(Checkpoint checkpoint, long seqNo, long primaryTerm) {}

  public String index() {
    return index;
  }

  /** Creates the index with its explicit mapping unless it exists (also when another process creates it first). */
  public void ensureIndex() {
    if (send(new Request("HEAD", "/" + index), true).getStatusLine().getStatusCode() != 200) {
      create();
    }
  }

  /** Creates the index; the PUT returns once its primary shard is active (Elasticsearch's default). */
  private void create() {
    Request put = new Request("PUT", "/" + index);
    put.setEntity(new NStringEntity(CheckpointJson.MAPPING, ContentType.APPLICATION_JSON));
    try {
      rest.performRequest(put);
    } catch (ResponseException e) {
      if (!e.getMessage().contains("resource_already_exists_exception")) {
        throw storeFailure("create index " + index, e);
      }
      awaitPrimary();
    } catch (IOException e) {
      throw storeFailure("create index " + index, e);
    }
  }

  /** Another process created the index a moment ago: wait until its shard can answer a GET. */
  private void awaitPrimary() {
    Request health = new Request("GET", "/_cluster/health/" + index);
    health.addParameter("wait_for_active_shards", "1");
    health.addParameter("timeout", "30s");
    try {
      rest.performRequest(health);
    } catch (IOException e) {
      // (no 'monitor' privilege, or slow): the first read then fails with a clear 503 instead
      LOG.debug("waiting for index {} to be ready: {}", index, e.toString());
    }
  }

  /** The source's checkpoint, or empty when there is none (or no index yet). */
  public Optional<Stored> get(SourceId source) {
    Response r = send(new Request("GET", doc("_doc", source)), true);
    if (r.getStatusLine().getStatusCode() == 404) {
      return Optional.empty();
    }
    JsonNode n = read(r);
    return Optional.of(new Stored(CheckpointJson.fromJson(source.id(), n.path("_source")), n.path("_seq_no").asLong(),
        n.path("_primary_term").asLong()));
  }

  /**
   * Writes a new checkpoint.
   *
   * @throws CheckpointException {@code TAKEN_OVER} when one exists already (another process created it first)
   */
  public Stored create(Checkpoint c) {
    return write(new Request("PUT", doc("_create", c.source())), c);
  }

  /**
   * Replaces {@code old} with {@code next}, only if nobody wrote the document since {@code old} was read.
   *
   * @throws CheckpointException {@code TAKEN_OVER} when somebody did
   */
  public Stored replace(Stored old, Checkpoint next) {
    Request put = new Request("PUT", doc("_doc", next.source()));
    put.addParameter("if_seq_no", Long.toString(old.seqNo()));
    put.addParameter("if_primary_term", Long.toString(old.primaryTerm()));
    return write(put, next);
  }

  /** Every checkpoint in the index, by source id (empty when the index does not exist). */
  public List<Checkpoint> all() {
    return snapshot().checkpoints();
  }

  /**
   * Every checkpoint (sorted by source id) and every member document (sorted by owner) of the index, read at once.
   *
   * @param checkpoints the sources' checkpoints, with their leases
   * @param members the processes' heartbeats, live or not
   */
  public record Snapshot(List<Checkpoint> checkpoints, List<Member> members) {
    /** The checkpoint of {@code source}, if there is one. */
    public Optional<Checkpoint> of(SourceId source) {
      return checkpoints.stream().filter(c -> c.source().equals(source)).findFirst();
    }
  }

  /** One refresh and one search: the whole index as it is now (both empty when the index does not exist). */
  public Snapshot snapshot() {
    // a search sees only refreshed documents (a GET by id is real-time): make the latest writes visible
    Request refresh = new Request("POST", "/" + index + "/_refresh");
    refresh.addParameter("ignore_unavailable", "true");
    send(refresh, true);
    Request search = new Request("GET", "/" + index + "/_search");
    search.addParameter("size", "10000");
    Response r = send(search, true);
    List<Checkpoint> out = new ArrayList<>();
    List<Member> members = new ArrayList<>();
    if (r.getStatusLine().getStatusCode() == 404) {
      return new Snapshot(out, members);
    }
    for (JsonNode hit : read(r).path("hits").path("hits")) {
      JsonNode src = hit.path("_source");
      if (Member.is(src)) {
        members.add(Member.fromJson(src));
      } else {
        out.add(CheckpointJson.fromJson(hit.path("_id").asText(), src));
      }
    }
    // sorting on _id is refused by Elasticsearch 8 (no fielddata): sort here
    out.sort(java.util.Comparator.comparing(c -> c.source().id()));
    members.sort(java.util.Comparator.comparing(Member::owner));
    return new Snapshot(List.copyOf(out), List.copyOf(members));
  }

  /** Writes this process's heartbeat (unconditionally: only its owner writes a member document). */
  public void putMember(Member m) {
    Request put = new Request("PUT", "/" + index + "/_doc/" + encode(Member.docId(m.owner())));
    put.setEntity(new NStringEntity(m.toJson().toString(), ContentType.APPLICATION_JSON));
    send(put, false);
  }

  /** Removes this process's heartbeat when it leaves (gone already is fine). */
  public void deleteMember(String owner) {
    send(new Request("DELETE", "/" + index + "/_doc/" + encode(Member.docId(owner))), true);
  }

  private Stored write(Request put, Checkpoint c) {
    put.setEntity(new NStringEntity(CheckpointJson.toJson(c).toString(), ContentType.APPLICATION_JSON));
    Response r = send(put, false);
    JsonNode n = read(r);
    return new Stored(c, n.path("_seq_no").asLong(), n.path("_primary_term").asLong());
  }

  private Response send(Request request, boolean allow404) {
    try {
      return rest.performRequest(request);
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (allow404 && status == 404) {
        return e.getResponse();
      }
      if (status == 409) {
        throw new CheckpointException(CheckpointException.Kind.TAKEN_OVER, 409, "the checkpoint in " + index
            + " was written by another process since this one read it", e);
      }
      throw storeFailure(request.getMethod() + " " + request.getEndpoint(), e);
    } catch (IOException e) {
      throw storeFailure(request.getMethod() + " " + request.getEndpoint(), e);
    }
  }

  private CheckpointException storeFailure(String what, IOException e) {
    int status = e instanceof ResponseException re ? re.getResponse().getStatusLine().getStatusCode() : 0;
    String reason = e instanceof ResponseException re ? "HTTP " + status + reasonOf(re) : e.toString();
    return new CheckpointException(CheckpointException.Kind.STORE, status, "checkpoint index " + index + ": " + what
        + " failed (" + reason + ")" + (status > 0 && HttpStatuses.kind(Side.ELASTICSEARCH, status) == Kind.AUTH
            ? "; the Elasticsearch user needs read/write on " + index : ""), e);
  }

  /** Elasticsearch's own reason ({@code error.type: error.reason}); its error bodies hold no credentials. */
  private static String reasonOf(ResponseException e) {
    try {
      JsonNode error = read(e.getResponse()).path("error");
      return error.isObject() ? ", " + error.path("type").asText() + ": " + error.path("reason").asText() : "";
    } catch (RuntimeException unreadable) {
      return ""; // the status alone still says what happened
    }
  }

  private String doc(String api, SourceId source) {
    return "/" + index + "/" + api + "/" + encode(source.id());
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode read(Response r) {
    try (InputStream in = r.getEntity().getContent()) {
      return CheckpointJson.JSON.readTree(in);
    } catch (IOException e) {
      throw new CheckpointException(CheckpointException.Kind.STORE, 0, "could not read Elasticsearch's answer: " + e,
          e);
    }
  }
}
