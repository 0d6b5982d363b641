package dev.atconnector.ingest.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a small tree that remembers the line of every key and value, so that every error about
 * the file can say where ({@code sources.yml:12}). Jackson's own {@code JsonNode} tree drops locations, hence this.
 * Duplicate keys in one mapping are refused here (YAML forbids them; Jackson would silently keep the last).
 */
final class YamlTree {
  /** A node of the tree; {@code line} is 1-based. */
  sealed interface Node permits Scalar, Mapping, Sequence {
    int line();
  }

  /** A scalar: its token type (string, number, boolean, null) and its text. */
  record Scalar(int line, JsonToken token, String text) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** One key of a mapping, the line of the key, and its value. */
  record Entry(String key, int keyLine, Node value) {}

  /** A mapping, keys in file order. */
  record Mapping(int line, Map<String, Entry> entries) implements Node {
    Mapping {
      entries = Collections.unmodifiableMap(entries);
    }
  }

  /** A sequence. */
  record Sequence(int line, List<Node> items) implements Node {
    Sequence {
      items = List.copyOf(items);
    }
  }

  private final String file;
  private final JsonParser parser;

  private YamlTree(String file, JsonParser parser) {
    this.file = file;
    this.parser = parser;
  }

  /**
   * Parses one YAML document.
   *
   * @param file the name used in error messages
   * @return the root node, or null if the document is empty
   * @throws SourcesFileException if the text is not YAML, or a mapping repeats a key
   */
  static Node parse(String text, String file) {
    try (JsonParser p = new YAMLFactory().createParser(new StringReader(text))) {
      YamlTree tree = new YamlTree(file, p);
      JsonToken first = p.nextToken();
      return first == null ? null : tree.value(first);
    } catch (JsonProcessingException e) {
      throw new SourcesFileException(List.of(file + ":" + lineOf(e.getLocation()) + ": not valid YAML: "
          + firstLine(e.getOriginalMessage()) + "; compare with config/sources.example.yml"));
    } catch (IOException e) {
      throw new SourcesFileException(List.of(file + ": cannot be read: " + e.getClass().getSimpleName()));
    }
  }

  private Node value(JsonToken token) throws IOException {
    int line = lineOf(parser.currentTokenLocation());
    switch (token) {
      case START_OBJECT:
        return mapping(line);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(value(t));
        }
        return new Sequence(line, items);
      default:
        return new Scalar(line, token, token == JsonToken.VALUE_NULL ? null : parser.getText());
    }
  }

  private Mapping mapping(int line) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
      String key = parser.currentName();
      int keyLine = lineOf(parser.currentTokenLocation());
      Node value = value(parser.nextToken());
      Entry earlier = entries.putIfAbsent(key, new Entry(key, keyLine, value));
      if (earlier != null) {
        throw new SourcesFileException(List.of(file + ":" + keyLine + ": key '" + key + "' appears twice in one "
            + "mapping (first on line " + earlier.keyLine() + "); keep one"));
      }
    }
    return new Mapping(line, entries);
  }

  private static int lineOf(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
