package dev.atconnector.ingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a template body that Elasticsearch refused for lack of a feature, so older or minimal
 * distributions still get a working (if less searchable) template: a missing mapper type becomes
 * its nearest core type, an unknown index setting is dropped.
 */
final class TemplateDegrader {
  private static final Pattern MISSING_TYPE =
      Pattern.compile("mapper type \\[([\\w-]+)\\] declared on field \\[([^\\]]+)\\] does not exist");
  private static final Pattern UNKNOWN_SETTING = Pattern.compile("unknown setting \\[([^\\]]+)\\]");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fallbacks keep _source intact; they only lose search features. */
  private static final Map<String, ObjectNode> FALLBACKS = Map.of(
      "flattened", NODES.objectNode().put("type", "object").put("enabled", false),
      // the documents carry data_stream.* themselves, so a keyword loses only the per-index constant
      "constant_keyword", NODES.objectNode().put("type", "keyword"),
      "match_only_text", NODES.objectNode().put("type", "text"),
      "wildcard", NODES.objectNode().put("type", "keyword").put("ignore_above", 1024));

  private TemplateDegrader() {}

  /**
   * Degrades {@code body} in place for the problem Elasticsearch named in {@code esReason}.
   *
   * @return what was changed, or empty when the problem is not a missing feature we can work around
   */
  static Optional<String> degrade(ObjectNode body, String esReason) {
    Matcher type = MISSING_TYPE.matcher(esReason);
    if (type.find() && FALLBACKS.containsKey(type.group(1))) {
      List<String> fields = new ArrayList<>();
      replaceType(body, type.group(1), FALLBACKS.get(type.group(1)), "", fields);
      if (!fields.isEmpty()) {
        return Optional.of("field type [" + type.group(1) + "] is not available; mapped "
            + String.join(", ", fields) + " as " + TemplateFiles.write(FALLBACKS.get(type.group(1))));
      }
    }
    Matcher setting = UNKNOWN_SETTING.matcher(esReason);
    if (setting.find()) {
      JsonNode settings = body.path("template").path("settings");
      if (settings instanceof ObjectNode object && remove(object, setting.group(1))) {
        return Optional.of("index setting [" + setting.group(1) + "] is not available; left out");
      }
    }
    return Optional.empty();
  }

  /** Replaces every mapping of {@code type} below {@code node}; {@code path} names fields for logs. */
  private static void replaceType(ObjectNode node, String type, ObjectNode fallback, String path,
      List<String> replaced) {
    List<String> hits = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue() instanceof ObjectNode child) {
        if (type.equals(child.path("type").asText(null))) {
          hits.add(e.getKey());
        } else {
          String childPath = e.getKey().equals("properties") || e.getKey().equals("fields")
              || e.getKey().equals("mappings") || e.getKey().equals("template") ? path
              : path.isEmpty() ? e.getKey() : path + "." + e.getKey();
          replaceType(child, type, fallback, childPath, replaced);
        }
      }
    }
    for (String key : hits) {
      node.set(key, fallback.deepCopy());
      replaced.add(path.isEmpty() ? key : path + "." + key);
    }
  }

  /** Removes {@code index.a.b} whether written nested, dotted, or mixed. */
  private static boolean remove(ObjectNode node, String dotted) {
    if (node.has(dotted)) {
      node.remove(dotted);
      return true;
    }
    List<String> candidates = new ArrayList<>();
    node.properties().forEach(e -> candidates.add(e.getKey()));
    for (String name : candidates) {
      if (dotted.startsWith(name + ".") && node.get(name) instanceof ObjectNode child
          && remove(child, dotted.substring(name.length() + 1))) {
        if (child.isEmpty()) {
          node.remove(name);
        }
        return true;
      }
    }
    return false;
  }
}
