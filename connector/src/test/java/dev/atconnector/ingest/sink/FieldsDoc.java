package dev.atconnector.ingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two field tables of docs/fields.md ("ECS fields", "Vendor fields"), read as the contract the mapping follows:
 * each documented field with the mapping parameters its type column implies.
 */
final class FieldsDoc {
  static final String VENDOR = "ibmcloud.activity_tracker";
  private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

  /** How a documented name is matched against the mapping. */
  enum Kind {
    /** One field at exactly this path. */
    FIELD,
    /** {@code x.*} of a leaf type: every field mapped under {@code x} has the expectation. */
    EVERY_LEAF_UNDER,
    /** {@code <name>}: any name, mapped dynamically (strings as keyword). */
    DYNAMIC
  }

  /**
   * One documented field.
   *
   * @param path the full dotted path (vendor rows prefixed with {@value #VENDOR}); for EVERY_LEAF_UNDER the object
   * @param expected the mapping parameters the type column implies, as dotted keys ({@code fields.keyword.type})
   * @param row the table row, for messages
   */
  record Field(String path, Kind kind, Map<String, Object> expected, String row) {}

  private final List<Field> fields;

  private FieldsDoc(List<Field> fields) {
    this.fields = List.copyOf(fields);
  }

  List<Field> fields() {
    return fields;
  }

  static FieldsDoc load() {
    Path file = root().resolve("docs/fields.md");
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static FieldsDoc parse(List<String> lines) {
    List<Field> fields = new ArrayList<>();
    Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
    String section = "";
    for (String line : lines) {
      if (line.startsWith("## ")) {
        section = line;
        continue;
      }
      boolean ecs = section.contains("ECS fields");
      boolean vendor = section.contains("Vendor fields");
      if (!(ecs || vendor) || !line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String names = cells[1].trim();
      String type = cells[2].trim();
      Matcher m = TICKED.matcher(names);
      while (m.find()) {
        String name = m.group(1);
        String path = vendor ? VENDOR + "." + name : name;
        Field field;
        if (name.equals("<name>")) {
          field = new Field(VENDOR, Kind.DYNAMIC, Map.of("type", "keyword"), line);
        } else if (type.startsWith("as `")) {
          // "`response_data`, `response_data_text` | as `request_data*`": the request field of the same suffix
          String like = path.replace("response_", "request_");
          Map<String, Object> same = byPath.get(like);
          if (same == null) {
            throw new IllegalStateException("docs/fields.md: " + name + " is typed as " + like
                + ", which no earlier row documents");
          }
          field = new Field(path, Kind.FIELD, same, line);
        } else if (name.endsWith(".*") || name.endsWith(".<name>")) {
          String object = path.substring(0, path.lastIndexOf('.'));
          Map<String, Object> expected = expected(type, line);
          field = "object".equals(expected.get("type")) ? new Field(object, Kind.FIELD, expected, line)
              : new Field(object, Kind.EVERY_LEAF_UNDER, expected, line);
        } else {
          field = new Field(path, Kind.FIELD, expected(type, line), line);
        }
        byPath.put(field.path(), field.expected());
        fields.add(field);
      }
    }
    if (fields.size() < 50) {
      throw new IllegalStateException("docs/fields.md: only " + fields.size() + " fields found in its tables;"
          + " did the table layout change?");
    }
    return new FieldsDoc(fields);
  }

  /** The mapping parameters a type cell implies, e.g. "keyword, not indexed, no doc values". */
  static Map<String, Object> expected(String cell, String row) {
    String text = cell.replace("`", "");
    Map<String, Object> out = new LinkedHashMap<>();
    Matcher base = Pattern.compile("^(keyword|text|date|long|byte|ip|boolean|flattened|object)\\b").matcher(text);
    if (!base.find()) {
      throw new IllegalStateException("docs/fields.md: type '" + cell + "' is not one this test knows: " + row);
    }
    out.put("type", base.group(1));
    if (text.contains("not indexed")) {
      out.put("index", false);
    }
    if (text.contains("no doc values")) {
      out.put("doc_values", false);
    }
    if (text.contains("disabled")) {
      out.put("enabled", false);
    }
    Matcher ignore = Pattern.compile("ignore_above (\\d+)").matcher(text);
    if (ignore.find()) {
      out.put("ignore_above", Integer.parseInt(ignore.group(1)));
    }
    Matcher multi = Pattern.compile("\\+ \\.(\\w+)").matcher(text);
    while (multi.find()) {
      out.put("fields." + multi.group(1) + ".type", multi.group(1).equals("keyword") ? "keyword" : "text");
    }
    return out;
  }

  /** Every leaf of a mappings object (a node with a type, or a disabled object), by dotted path. */
  static Map<String, JsonNode> leaves(JsonNode mappings) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    collect(mappings, "", out);
    return out;
  }

  private static void collect(JsonNode node, String path, Map<String, JsonNode> out) {
    node.path("properties").properties().forEach(e -> {
      String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode value = e.getValue();
      if (value.has("properties")) {
        collect(value, child, out);
      } else {
        out.put(child, value);
      }
    });
  }

  /** The parameters of {@code expected} that {@code mapping} lacks or has otherwise ("" when all match). */
  static String mismatch(Map<String, Object> expected, JsonNode mapping) {
    List<String> wrong = new ArrayList<>();
    expected.forEach((key, value) -> {
      JsonNode actual = mapping.at("/" + key.replace('.', '/'));
      String have = actual.isMissingNode() ? (key.equals("type") && mapping.has("enabled") ? "object" : null)
          : actual.asText();
      if (!String.valueOf(value).equals(have)) {
        wrong.add(key + "=" + have + " (documented " + value + ")");
      }
    });
    return String.join(", ", wrong);
  }

  /** The mapping node at dotted {@code path} of a mappings object, or a missing node. */
  static JsonNode at(JsonNode mappings, String path) {
    JsonNode node = mappings;
    for (String part : path.split("\\.")) {
      node = node.path("properties").path(part);
    }
    return node;
  }

  /** The shipped @mappings template's {@code template.mappings}. */
  static ObjectNode shippedMappings() {
    return (ObjectNode) TemplateFiles.json(TemplateFiles.MAPPINGS, IndexTemplates.DEFAULT_PREFIX)
        .at("/template/mappings");
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/fields.md")) && Files.isDirectory(p.resolve("connector"))) {
        return p;
      }
    }
    throw new IllegalStateException("no checkout with docs/fields.md at or above " + dir);
  }
}
