package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.DataStreamLifecycleWithRollover;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A changed {@code --retention} applied where the data stream's lifecycle lives, on every install rather than only
 * the first (or {@code --force}): the ILM policy's delete phase where ILM runs; else the index template's data stream
 * lifecycle (for streams created later) and the existing stream's own ({@code PUT _data_stream/<name>/_lifecycle},
 * which the template no longer reaches). Where neither exists (a minimal distribution), a warning, once per stream
 * and process, and the install goes on. Only a given retention is applied: without {@code --retention} whatever the
 * cluster has is kept. The rest of the user's policy and lifecycle (other phases, downsampling) is kept as it is.
 */
final class RetentionUpdate {
  /** The kind of the entry about an existing data stream's own lifecycle. */
  static final String LIFECYCLE = "data_stream_lifecycle";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(d|h|m|s|ms)");
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
  private static final Logger LOG = LoggerFactory.getLogger(RetentionUpdate.class);

  private RetentionUpdate() {}

  /**
   * The ILM policy {@link DataStreamTemplates#NAME} where it exists: KEPT when its delete phase already deletes after
   * {@code retention} (or none is given), else UPDATED with the delete phase's {@code min_age} set.
   *
   * @return empty when the policy does not exist (the caller creates it) or cannot be read this way
   */
  static Optional<Entry> policy(ElasticsearchClient client, Optional<String> retention) {
    String name = DataStreamTemplates.NAME;
    Optional<RestClient> rest = rest(client);
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    JsonNode found;
    try {
      found = get(rest.get(), "/_ilm/policy/" + name, "read ILM policy [" + name + "]");
    } catch (NoApi e) {
      return Optional.empty(); // ILM answered its status: the typed read that follows says what is wrong
    }
    if (found == null) {
      return Optional.empty();
    }
    JsonNode policy = found.path(name).path("policy");
    String have = policy.at("/phases/delete/min_age").asText(null);
    if (retention.isEmpty() || !(policy instanceof ObjectNode current)) {
      return Optional.of(new Entry(IndexTemplates.ILM_POLICY, name, Outcome.KEPT, have == null ? ""
          : "deletes after " + have));
    }
    String r = retention.get();
    if (have != null && sameDuration(have, r)) {
      return Optional.of(new Entry(IndexTemplates.ILM_POLICY, name, Outcome.KEPT, "deletes after " + have));
    }
    ObjectNode updated = current.deepCopy();
    ObjectNode phases = updated.has("phases") ? (ObjectNode) updated.get("phases") : updated.putObject("phases");
    ObjectNode delete = phases.get("delete") instanceof ObjectNode d ? d : phases.putObject("delete");
    delete.put("min_age", r);
    ObjectNode actions = delete.get("actions") instanceof ObjectNode a ? a : delete.putObject("actions");
    if (!actions.has("delete")) {
      actions.putObject("delete");
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("policy", updated);
    put(rest.get(), "/_ilm/policy/" + name, body, IndexTemplates.ILM_POLICY, name);
    return Optional.of(new Entry(IndexTemplates.ILM_POLICY, name, Outcome.UPDATED, "delete phase min_age "
        + (have == null ? "none (kept for ever)" : have) + " -> " + r + " (--retention; the other phases kept)"));
  }

  /**
   * Whether the installed index template's data stream lifecycle keeps events for another time than
   * {@code retention}: then what changes (", data_retention X -> Y"), for the template to be written again. Empty
   * when it is the same, the template has no lifecycle (a cluster without it: nothing to change there), or it is a
   * newer connector's (never downgraded).
   */
  static Optional<String> templateChange(ElasticsearchClient client, String template, long shipped,
      String retention) {
    List<IndexTemplateItem> found;
    try {
      found = client.indices().getIndexTemplate(b -> b.name(template)).indexTemplates();
    } catch (ElasticsearchException e) {
      return Optional.empty(); // absent: written anyway; unreadable: the install says so when it writes
    } catch (IOException e) {
      throw IndexTemplates.unreachable("read index template [" + template + "]", e);
    }
    Long version = found.isEmpty() ? null : found.get(0).indexTemplate().version();
    if (found.isEmpty() || version != null && version > shipped || found.get(0).indexTemplate().template() == null
        || found.get(0).indexTemplate().template().lifecycle() == null) {
      return Optional.empty();
    }
    DataStreamLifecycleWithRollover lifecycle = found.get(0).indexTemplate().template().lifecycle();
    String have = lifecycle.dataRetention() == null ? null : lifecycle.dataRetention().isTime()
        ? lifecycle.dataRetention().time() : String.valueOf(lifecycle.dataRetention()._get());
    return have != null && sameDuration(have, retention) ? Optional.empty()
        : Optional.of(", data_retention " + (have == null ? "unlimited" : have) + " -> " + retention);
  }

  /**
   * The existing data stream {@code stream}'s own lifecycle: UPDATED to {@code retention}, KEPT when it already is,
   * SKIPPED (with a warning once) where the stream has no data stream lifecycle or the cluster no API for it.
   *
   * @return empty when the stream does not exist (its template gives it the retention when it is made)
   */
  static Optional<Entry> dataStream(ElasticsearchClient client, String stream, String retention) {
    Optional<RestClient> rest = rest(client);
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String path = "/_data_stream/" + stream + "/_lifecycle";
    JsonNode found;
    try {
      found = get(rest.get(), path, "read the lifecycle of data stream [" + stream + "]");
    } catch (NoApi e) {
      if (!exists(client, stream)) {
        return Optional.empty();
      }
      return Optional.of(skipped(stream, "this cluster has no data stream lifecycle API (" + e.getMessage()
          + ") and no ILM: the stream keeps its retention; streams created from now on get " + retention
          + " from the template where it takes a lifecycle"));
    }
    if (found == null) {
      return Optional.empty();
    }
    JsonNode lifecycle = found.path("data_streams").path(0).path("lifecycle");
    if (!(lifecycle instanceof ObjectNode current) || !lifecycle.path("enabled").asBoolean(true)) {
      return Optional.of(skipped(stream, "the stream has no data stream lifecycle (ILM or nothing manages it):"
          + " retention " + retention + " not applied to it"));
    }
    String have = current.path("data_retention").asText(null);
    if (have != null && sameDuration(have, retention)) {
      return Optional.of(new Entry(LIFECYCLE, stream, Outcome.KEPT, "data_retention " + have));
    }
    ObjectNode body = current.deepCopy();
    body.remove(List.of("effective_retention", "retention_determined_by", "enabled"));
    body.put("data_retention", retention);
    put(rest.get(), path, body, LIFECYCLE, stream);
    return Optional.of(new Entry(LIFECYCLE, stream, Outcome.UPDATED, "data_retention "
        + (have == null ? "unlimited" : have) + " -> " + retention + " (--retention)"));
  }

  private static Entry skipped(String stream, String why) {
    if (WARNED.add(stream)) {
      LOG.warn("{} [{}] {}: {}", LIFECYCLE, stream, Outcome.SKIPPED, why);
    }
    return new Entry(LIFECYCLE, stream, Outcome.SKIPPED, why);
  }

  /** Whether two durations such as {@code 400d} and {@code 9600h} are the same time (else the same text). */
  static boolean sameDuration(String a, String b) {
    long x = millis(a);
    long y = millis(b);
    return x >= 0 && y >= 0 ? x == y : a.trim().equals(b.trim());
  }

  private static long millis(String d) {
    Matcher m = DURATION.matcher(d.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> n * 86_400_000L;
      case "h" -> n * 3_600_000L;
      case "m" -> n * 60_000L;
      case "s" -> n * 1_000L;
      default -> n;
    };
  }

  /** The REST client under the Java client; the lifecycle bodies are read and written as the user's JSON. */
  private static Optional<RestClient> rest(ElasticsearchClient client) {
    return client._transport() instanceof RestClientTransport t ? Optional.of(t.restClient()) : Optional.empty();
  }

  private static boolean exists(ElasticsearchClient client, String stream) {
    try {
      return client.indices().exists(b -> b.index(stream)).value();
    } catch (ElasticsearchException e) {
      return false;
    } catch (IOException e) {
      throw IndexTemplates.unreachable("look data stream [" + stream + "] up", e);
    }
  }

  /** An endpoint this cluster does not have (a minimal distribution without the data streams module). */
  private static final class NoApi extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoApi(String message) {
      super(message, null, false, false);
    }
  }

  /** The JSON answer; null on 404; {@link NoApi} on 400/405 without a handler. */
  private static JsonNode get(RestClient rest, String path, String what) {
    try {
      Response r = rest.performRequest(new Request("GET", path));
      try (InputStream in = r.getEntity().getContent()) {
        return JSON.readTree(in);
      }
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status == 404 && !String.valueOf(e.getMessage()).contains("no handler")) {
        return null;
      }
      if (status == 405 || status == 400 && String.valueOf(e.getMessage()).contains("no handler")
          || status == 404) {
        throw new NoApi("HTTP " + status + " for " + path);
      }
      throw new TemplateInstallException("Elasticsearch refused to " + what + " (HTTP " + status + "): "
          + reason(e), e);
    } catch (IOException e) {
      throw IndexTemplates.unreachable(what, e);
    }
  }

  private static void put(RestClient rest, String path, JsonNode body, String kind, String name) {
    Request request = new Request("PUT", path);
    request.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
    try {
      rest.performRequest(request);
    } catch (ResponseException e) {
      throw new TemplateInstallException("Elasticsearch refused to update " + kind.replace('_', ' ') + " [" + name
          + "] (HTTP " + e.getResponse().getStatusLine().getStatusCode() + "): " + reason(e), e);
    } catch (IOException e) {
      throw IndexTemplates.unreachable("update " + kind.replace('_', ' ') + " [" + name + "]", e);
    }
  }

  /** Elasticsearch's error reason, not the whole response (which names the host). */
  private static String reason(ResponseException e) {
    try (InputStream in = e.getResponse().getEntity().getContent()) {
      JsonNode error = JSON.readTree(in).path("error");
      return error.isTextual() ? error.asText() : error.path("type").asText() + ": " + error.path("reason").asText();
    } catch (IOException | RuntimeException ignored) {
      return "no readable reason"; // the status alone then
    }
  }
}
