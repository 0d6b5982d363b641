package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.assets.LensPanel.Column;
import java.util.List;
import java.util.Optional;

/**
 * A Lens panel as the search Kibana sends for it: the panel's KQL as the query, bucket columns as nested
 * aggregations ({@code b0}, {@code b1}, ...), metric columns in the innermost one ({@code m_<column id>}; a plain
 * count is the bucket's doc_count). Then the check the dashboards promise: the panel shows something.
 */
final class PanelSearch {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PanelSearch() {}

  static ObjectNode body(LensPanel panel) {
    ObjectNode body = JSON.objectNode();
    body.put("size", 0);
    body.put("track_total_hits", true);
    body.set("query", Kql.parse(panel.query()).es());
    ObjectNode container = body;
    List<Column> buckets = panel.buckets();
    for (int i = 0; i < buckets.size(); i++) {
      ObjectNode agg = bucketAgg(panel, buckets.get(i));
      container.putObject("aggs").set("b" + i, agg);
      container = agg;
    }
    for (Column m : panel.metrics()) {
      Optional<ObjectNode> agg = metricAgg(m);
      if (agg.isPresent()) {
        ObjectNode aggs = container.has("aggs") ? (ObjectNode) container.get("aggs") : container.putObject("aggs");
        aggs.set("m_" + m.id(), agg.get());
      }
    }
    return body;
  }

  private static ObjectNode bucketAgg(LensPanel panel, Column c) {
    ObjectNode agg = JSON.objectNode();
    switch (c.operationType()) {
      case "date_histogram" -> {
        // Kibana resolves "auto" to a concrete interval for the time range shown; hours suit the tests' few days
        // (and auto_date_histogram is not in every Elasticsearch distribution)
        String interval = c.params().path("interval").asText("auto");
        agg.putObject("date_histogram").put("field", c.sourceField())
            .put("fixed_interval", interval.equals("auto") ? "1h" : interval);
      }
      case "terms" -> {
        ObjectNode terms = agg.putObject("terms");
        terms.put("field", c.sourceField()).put("size", c.params().path("size").asInt(10));
        terms.putObject("order").put(orderKey(panel, c), c.params().path("orderDirection").asText("desc"));
      }
      default -> throw new IllegalArgumentException(panel.id() + ": bucket operation '" + c.operationType()
          + "' of column '" + c.id() + "' is not translated by the dashboards' tests: add it to PanelSearch");
    }
    return agg;
  }

  private static String orderKey(LensPanel panel, Column c) {
    JsonNode orderBy = c.params().path("orderBy");
    if (orderBy.path("type").asText().equals("alphabetical")) {
      return "_key";
    }
    String by = orderBy.path("columnId").asText();
    Column target = panel.columns().stream().filter(x -> x.id().equals(by)).findFirst().orElseThrow(
        () -> new IllegalArgumentException(panel.id() + ": column '" + c.id() + "' orders by unknown column " + by));
    if (target.operationType().equals("count") && target.filter().isBlank()) {
      return "_count";
    }
    throw new IllegalArgumentException(panel.id() + ": ordering by '" + target.operationType()
        + "' is not translated by the dashboards' tests: order by a plain count or alphabetically");
  }

  /** Empty for a plain count: that is the bucket's doc_count. */
  private static Optional<ObjectNode> metricAgg(Column m) {
    ObjectNode inner = JSON.objectNode();
    switch (m.operationType()) {
      case "count" -> {
        if (m.filter().isBlank()) {
          return Optional.empty();
        }
      }
      case "unique_count" -> inner.putObject("cardinality").put("field", m.sourceField());
      default -> throw new IllegalArgumentException("metric operation '" + m.operationType() + "' of column '"
          + m.id() + "' is not translated by the dashboards' tests: add it to PanelSearch");
    }
    if (m.filter().isBlank()) {
      return Optional.of(inner);
    }
    ObjectNode filtered = JSON.objectNode();
    filtered.set("filter", Kql.parse(m.filter()).es());
    if (!inner.isEmpty()) {
      filtered.putObject("aggs").set("value", inner);
    }
    return Optional.of(filtered);
  }

  /**
   * Whether the response shows something: some path through the buckets of every bucket column ends in a bucket
   * whose every metric is positive.
   */
  static boolean showsData(LensPanel panel, JsonNode response) {
    ObjectNode top = response.path("aggregations").isObject()
        ? ((ObjectNode) response.path("aggregations")).deepCopy() : JSON.objectNode();
    top.put("doc_count", response.path("hits").path("total").path("value").asLong());
    return reaches(panel, top, 0);
  }

  private static boolean reaches(LensPanel panel, JsonNode container, int level) {
    List<Column> buckets = panel.buckets();
    if (level == buckets.size()) {
      return container.path("doc_count").asLong() > 0
          && panel.metrics().stream().allMatch(m -> metricValue(m, container) > 0);
    }
    for (JsonNode bucket : container.path("b" + level).path("buckets")) {
      if (reaches(panel, bucket, level + 1)) {
        return true;
      }
    }
    return false;
  }

  private static double metricValue(Column m, JsonNode container) {
    JsonNode agg = container.path("m_" + m.id());
    boolean filtered = !m.filter().isBlank();
    if (m.operationType().equals("count")) {
      return filtered ? agg.path("doc_count").asDouble() : container.path("doc_count").asDouble();
    }
    return (filtered ? agg.path("value") : agg).path("value").asDouble();
  }
}
