package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints the service's answers as the seeds' tables or, with {@code --output json}, as JSON for scripts. */
final class Printer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final OutputFormat format;

  Printer(PrintWriter out, OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  /** One object as a {@code Name | Value} table (nested values as compact JSON), or as JSON. */
  void object(JsonNode node) {
    if (format == OutputFormat.JSON) {
      json(node);
      return;
    }
    Table t = new Table(List.of("Name", "Value"));
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      t.row(List.of(e.getKey(), text(e.getValue())));
    }
    t.print(out);
  }

  /** Several objects as a table with the given columns (header, JSON key), or as a JSON array. */
  void rows(List<JsonNode> nodes, List<String> headers, List<String> keys) {
    if (format == OutputFormat.JSON) {
      json(JSON.valueToTree(nodes));
      return;
    }
    Table t = new Table(headers);
    for (JsonNode n : nodes) {
      List<String> cells = new ArrayList<>();
      keys.forEach(k -> cells.add(text(n.path(k))));
      t.row(cells);
    }
    t.print(out);
  }

  void json(JsonNode node) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  private static String text(JsonNode v) {
    return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
  }
}
