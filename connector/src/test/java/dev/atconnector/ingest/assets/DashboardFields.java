package dev.atconnector.ingest.assets;

import java.util.Map;
import java.util.Set;

/**
 * The fields dashboards may use, with the Elasticsearch type the mappings give them: the document of docs/fields.md
 * (template version 3). A panel on any other field fails DashboardsTest.
 */
final class DashboardFields {
  private DashboardFields() {}

  static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("@timestamp", "date"),
      Map.entry("event.action", "keyword"),
      Map.entry("event.category", "keyword"),
      Map.entry("event.type", "keyword"),
      Map.entry("event.provider", "keyword"),
      Map.entry("event.outcome", "keyword"),
      Map.entry("event.severity", "long"),
      Map.entry("event.reason", "keyword"),
      Map.entry("event.dataset", "keyword"),
      Map.entry("http.response.status_code", "long"),
      Map.entry("user.id", "keyword"),
      Map.entry("user.name", "keyword"),
      Map.entry("user.email", "keyword"),
      Map.entry("source.ip", "ip"),
      Map.entry("user_agent.original", "keyword"),
      Map.entry("cloud.region", "keyword"),
      Map.entry("cloud.account.id", "keyword"),
      Map.entry("cloud.service.name", "keyword"),
      Map.entry("related.ip", "ip"),
      Map.entry("related.user", "keyword"),
      Map.entry("ibmcloud.activity_tracker.hour_of_day", "byte"),
      Map.entry("ibmcloud.activity_tracker.day_of_week", "keyword"));

  /** Field types a terms, histogram or cardinality aggregation can run on. */
  static final Set<String> AGGREGATABLE_TYPES = Set.of("keyword", "constant_keyword", "ip", "date", "date_nanos",
      "long", "integer", "short", "byte", "boolean");
}
