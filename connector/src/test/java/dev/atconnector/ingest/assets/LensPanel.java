package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One Lens saved object with a single form-based layer: its KQL query and its columns in Lens's order (bucket
 * columns nest in that order; metric columns sit in the innermost bucket).
 */
record LensPanel(String id, String title, String visualizationType, String query, String layerId,
    List<Column> columns) {
  /** No source field: Lens's pseudo field for "count of records". */
  static final String RECORDS = "___records___";

  /** One Lens column. {@code filter} is the column's own KQL filter, or empty. */
  record Column(String id, String operationType, String sourceField, boolean bucketed, String dataType,
      JsonNode params, String filter) {}

  static LensPanel of(SavedObjects.Line line) {
    JsonNode attributes = line.object().path("attributes");
    JsonNode state = attributes.path("state");
    JsonNode query = state.path("query");
    if (!query.path("language").asText().equals("kuery")) {
      throw new IllegalStateException(line + ": query language must be kuery, was " + query.path("language"));
    }
    JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
    if (layers.size() != 1) {
      throw new IllegalStateException(line + ": expected exactly one formBased layer, found " + layers.size());
    }
    String layerId = layers.fieldNames().next();
    JsonNode layer = layers.path(layerId);
    List<Column> columns = new ArrayList<>();
    for (JsonNode idNode : layer.path("columnOrder")) {
      String colId = idNode.asText();
      JsonNode c = layer.path("columns").path(colId);
      if (c.isMissingNode()) {
        throw new IllegalStateException(line + ": columnOrder names '" + colId + "', which is not a column");
      }
      columns.add(new Column(colId, c.path("operationType").asText(), c.path("sourceField").asText(null),
          c.path("isBucketed").asBoolean(), c.path("dataType").asText(), c.path("params"),
          c.path("filter").path("query").asText("")));
    }
    if (columns.size() != layer.path("columns").size()) {
      throw new IllegalStateException(line + ": columnOrder does not list every column");
    }
    return new LensPanel(line.id(), attributes.path("title").asText(), attributes.path("visualizationType").asText(),
        query.path("query").asText(), layerId, List.copyOf(columns));
  }

  List<Column> buckets() {
    return columns.stream().filter(Column::bucketed).toList();
  }

  List<Column> metrics() {
    return columns.stream().filter(c -> !c.bucketed()).toList();
  }

  /** Source fields of the columns and every field of the panel's and columns' KQL. */
  Set<String> fields() {
    Set<String> fields = new LinkedHashSet<>(Kql.parse(query).fields());
    for (Column c : columns) {
      if (c.sourceField() != null && !c.sourceField().equals(RECORDS)) {
        fields.add(c.sourceField());
      }
      fields.addAll(Kql.parse(c.filter()).fields());
    }
    return fields;
  }
}
