package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.assets.DetectionRules.Rule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A detection rule run the way Kibana's detection engine runs it, translated to plain searches, so a test can say
 * exactly which events it alerts on. The KQL goes through {@link Kql}; then by rule type:
 *
 * <ul>
 *   <li>{@code query}: every event the query matches.
 *   <li>{@code threshold}: the engine counts, per run, the query's events by the threshold field over the run's
 *       window ({@code from}) and alerts on every value with at least {@code threshold.value} events. Translated as
 *       consecutive windows of that length on {@code @timestamp} (a date_histogram with that fixed interval), each
 *       with a terms aggregation ({@code min_doc_count} = the threshold) and the ids of its events: the events of a
 *       group that reaches the threshold. Fixed windows, not the engine's overlapping runs: a burst that straddles
 *       a window border may be missed here, so the scenario's bursts sit inside one window and its lookalikes stay
 *       under the threshold in every sliding window too.
 *   <li>{@code new_terms}: the engine alerts when the values of {@code new_terms_fields} (together) appear in a
 *       run and never in the history before it ({@code history_window_start}), among the query's events. Translated
 *       per event, in time order: an event from {@code evaluatedFrom} on matches when no earlier event of the query
 *       in the history window before it has the same values. Events before {@code evaluatedFrom} are history only
 *       (as if the rule were enabled at that instant). One search fetches the query's events, the rest is done here.
 * </ul>
 *
 * Times are {@code @timestamp}, not {@code event.ingested} (the rules' timestamp override): a test ingests days of
 * events within seconds, so only the events' own times show what live ingestion would have shown.
 */
final class RuleSearch {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** More matches than this in a test is a broken rule or fixture, not something to page through. */
  static final int MAX_MATCHES = 5000;

  /** Sends a search body to the test's indices and returns the response. */
  @FunctionalInterface
  interface Search {
    JsonNode search(ObjectNode body) throws IOException;
  }

  private RuleSearch() {}

  /** The ids of the events the rule alerts on, sorted. */
  static Set<String> matches(Rule rule, Search search, Instant evaluatedFrom) throws IOException {
    return switch (rule.type()) {
      case "query" -> ids(rule, search.search(queryBody(rule)));
      case "threshold" -> thresholdIds(search.search(thresholdBody(rule)));
      case "new_terms" -> newTerms(rule, search.search(newTermsBody(rule)), evaluatedFrom);
      default -> throw new IllegalArgumentException(rule.name() + ": rule type '" + rule.type() + "' is not "
          + "translated by the rule tests: use query, threshold or new_terms, or add it to RuleSearch");
    };
  }

  static ObjectNode query(Rule rule) {
    if (!rule.json().path("language").asText().equals("kuery")) {
      throw new IllegalArgumentException(rule.name() + ": language '" + rule.json().path("language").asText()
          + "' is not translated by the rule tests (KQL, 'kuery', is)");
    }
    return Kql.parse(rule.query()).es();
  }

  static ObjectNode queryBody(Rule rule) {
    ObjectNode body = JSON.objectNode();
    body.put("size", MAX_MATCHES).put("track_total_hits", true).put("_source", false);
    body.set("query", query(rule));
    return body;
  }

  static ObjectNode thresholdBody(Rule rule) {
    JsonNode threshold = rule.json().path("threshold");
    List<String> by = new ArrayList<>();
    threshold.path("field").forEach(f -> by.add(f.asText()));
    if (by.size() != 1 || threshold.has("cardinality") && !threshold.path("cardinality").isEmpty()) {
      throw new IllegalArgumentException(rule.name() + ": the rule tests translate a threshold on one field "
          + "without cardinality, not " + threshold);
    }
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.set("query", query(rule));
    ObjectNode windows = body.putObject("aggs").putObject("windows");
    windows.putObject("date_histogram").put("field", "@timestamp")
        .put("fixed_interval", rule.window().toMinutes() + "m").put("min_doc_count", 1);
    ObjectNode groups = windows.putObject("aggs").putObject("groups");
    groups.putObject("terms").put("field", by.get(0)).put("min_doc_count", threshold.path("value").asInt())
        .put("size", 1000);
    groups.putObject("aggs").putObject("events").putObject("top_hits").put("size", 100).put("_source", false);
    return body;
  }

  static ObjectNode newTermsBody(Rule rule) {
    ObjectNode body = queryBody(rule);
    body.putArray("sort").addObject().put("@timestamp", "asc");
    var fields = body.putArray("docvalue_fields");
    fields.addObject().put("field", "@timestamp").put("format", "epoch_millis");
    rule.strings("new_terms_fields").forEach(fields::add);
    return body;
  }

  private static Set<String> ids(Rule rule, JsonNode response) {
    long total = response.path("hits").path("total").path("value").asLong();
    if (total > MAX_MATCHES) {
      throw new IllegalStateException(rule.name() + " matches " + total + " events, more than a test should have");
    }
    Set<String> ids = new TreeSet<>();
    response.path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
    return ids;
  }

  private static Set<String> thresholdIds(JsonNode response) {
    Set<String> ids = new TreeSet<>();
    for (JsonNode window : response.path("aggregations").path("windows").path("buckets")) {
      for (JsonNode group : window.path("groups").path("buckets")) {
        group.path("events").path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
      }
    }
    return ids;
  }

  /** The new_terms translation over the query's events, in time order (see the class comment). */
  static Set<String> newTerms(Rule rule, JsonNode response, Instant evaluatedFrom) {
    ids(rule, response);
    List<String> fields = rule.strings("new_terms_fields");
    Duration history = rule.history();
    Map<List<String>, List<Instant>> seen = new HashMap<>();
    Set<String> ids = new TreeSet<>();
    for (JsonNode hit : response.path("hits").path("hits")) {
      Instant at = Instant.ofEpochMilli(Long.parseLong(hit.path("fields").path("@timestamp").path(0).asText()));
      List<String> key = new ArrayList<>();
      for (String f : fields) {
        key.add(hit.path("fields").path(f).path(0).asText(null));
      }
      if (key.contains(null)) {
        continue; // the engine ignores events without a value for every new-terms field
      }
      List<Instant> before = seen.computeIfAbsent(key, k -> new ArrayList<>());
      boolean inHistory = before.stream().anyMatch(t -> t.isBefore(at) && !t.isBefore(at.minus(history)));
      if (!at.isBefore(evaluatedFrom) && !inHistory) {
        ids.add(hit.path("_id").asText());
      }
      before.add(at);
    }
    return ids;
  }
}
