package dev.atconnector.ingest.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON files of {@code mappings/} (on the classpath under {@code mappings/}) with their two
 * placeholders filled: {@code {{prefix}}} (the index prefix, e.g. {@code activity-tracker-}) and
 * {@code {{name}}} (the template base name: the prefix without its trailing separator).
 */
final class TemplateFiles {
  static final String SETTINGS = "activity-tracker@settings.json";
  static final String MAPPINGS = "activity-tracker@mappings.json";
  static final String CUSTOM = "activity-tracker@custom.json";
  static final String LIFECYCLE = "activity-tracker@lifecycle.json";
  static final String ILM_POLICY = "activity-tracker-ilm-policy.json";
  static final String EVENTS_TEMPLATE = "activity-tracker.json";
  static final String DEAD_LETTER_TEMPLATE = "activity-tracker-dead-letter.json";
  static final String DS_TEMPLATE = "logs-ibmcloud.activity_tracker.json";
  static final String DS_FIELDS = "logs-ibmcloud.activity_tracker@data_stream.json";
  static final String DS_ILM_POLICY = "logs-ibmcloud.activity_tracker-ilm-policy.json";
  static final List<String> ALL = List.of(SETTINGS, MAPPINGS, CUSTOM, LIFECYCLE, ILM_POLICY,
      EVENTS_TEMPLATE, DEAD_LETTER_TEMPLATE, DS_TEMPLATE, DS_FIELDS, DS_ILM_POLICY);

  /** Lowercase, starts with a letter or digit, only characters Elasticsearch allows in index names. */
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private TemplateFiles() {}

  /**
   * Checks an index prefix.
   *
   * @throws IllegalArgumentException naming the prefix and the rule it breaks
   */
  static String checkPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("index prefix '" + prefix + "' is not usable: it must be"
          + " 1-100 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
          + " (Elasticsearch index names are lowercase), e.g. 'activity-tracker-'");
    }
    if (baseName(prefix).isEmpty()) {
      throw new IllegalArgumentException("index prefix '" + prefix + "' leaves no template name");
    }
    return prefix;
  }

  /** The template base name: {@code activity-tracker-} gives {@code activity-tracker}. */
  static String baseName(String prefix) {
    return prefix.replaceAll("[-_.]+$", "");
  }

  /** The file's text with the placeholders filled in. */
  static String text(String file, String prefix) {
    checkPrefix(prefix);
    String raw;
    try (InputStream in = TemplateFiles.class.getResourceAsStream("/mappings/" + file)) {
      if (in == null) {
        throw new IllegalStateException("mappings/" + file + " is missing from the classpath;"
            + " the connector jar must be built with Maven (it copies mappings/ in)");
      }
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mappings/" + file, e);
    }
    // the prefix pattern and the version admit no JSON-special characters, so plain replacement is safe
    return raw.replace("{{prefix}}", prefix).replace("{{name}}", baseName(prefix))
        .replace("{{connector_version}}", connectorVersion());
  }

  /** The connector's version from the jar manifest; {@code dev} when run from classes (IDE, tests). */
  static String connectorVersion() {
    String v = TemplateFiles.class.getPackage().getImplementationVersion();
    return v == null || !v.matches("[\\w.+-]{1,64}") ? "dev" : v;
  }

  /** The {@code version} a template body declares, 0 when it declares none (installed before versioning). */
  static long version(JsonNode body) {
    JsonNode v = body == null ? null : body.get("version");
    return v != null && v.canConvertToLong() ? v.longValue() : 0;
  }

  /** The filled-in file, parsed. */
  static ObjectNode json(String file, String prefix) {
    String text = text(file, prefix);
    try {
      JsonNode node = JSON.readTree(text);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalStateException("mappings/" + file + " must hold a JSON object");
      }
      return object;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("mappings/" + file + " is not valid JSON: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a template", e);
    }
  }
}
