package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The Kibana saved objects in dashboards/*.ndjson, read the way Kibana's import reads them: one object per line. */
final class SavedObjects {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One NDJSON line: where it came from, and the parsed object. */
  record Line(Path file, int number, ObjectNode object) {
    String type() {
      return object.path("type").asText();
    }

    String id() {
      return object.path("id").asText();
    }

    @Override
    public String toString() {
      return file.getFileName() + ":" + number + " (" + type() + " " + id() + ")";
    }
  }

  private final List<Line> lines;

  private SavedObjects(List<Line> lines) {
    this.lines = List.copyOf(lines);
  }

  /** Every object of every dashboards/*.ndjson file; a line that is not a JSON object fails naming file and line. */
  static SavedObjects load() {
    Path dir = Repo.root().resolve("dashboards");
    List<Line> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < text.size(); i++) {
          if (text.get(i).isBlank()) {
            continue;
          }
          JsonNode node = parse(file, i + 1, text.get(i));
          if (!(node instanceof ObjectNode object)) {
            throw new IllegalStateException(file + ":" + (i + 1) + " is not a JSON object");
          }
          lines.add(new Line(file, i + 1, object));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved objects in " + dir, e);
    }
    return new SavedObjects(lines);
  }

  private static JsonNode parse(Path file, int line, String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(file + ":" + line + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  List<Line> lines() {
    return lines;
  }

  List<Line> ofType(String type) {
    return lines.stream().filter(l -> l.type().equals(type)).toList();
  }

  List<LensPanel> lensPanels() {
    return ofType("lens").stream().map(LensPanel::of).toList();
  }

  /** Every field a Lens panel reads: its columns' source fields and the fields of its KQL queries. */
  Set<String> fieldsUsed() {
    Set<String> fields = new LinkedHashSet<>();
    lensPanels().forEach(p -> fields.addAll(p.fields()));
    return fields;
  }

  /** A dashboard's panels as parsed from its panelsJSON string. */
  static List<JsonNode> panels(Line dashboard) {
    String panelsJson = dashboard.object().path("attributes").path("panelsJSON").asText();
    try {
      List<JsonNode> panels = new ArrayList<>();
      JSON.readTree(panelsJson).forEach(panels::add);
      return panels;
    } catch (IOException e) {
      throw new IllegalStateException(dashboard + ": panelsJSON is not valid JSON: " + e.getMessage(), e);
    }
  }
}
