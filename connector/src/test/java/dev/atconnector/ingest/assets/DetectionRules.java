package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The detection rules of {@code detection-rules/} as the tests read them: one {@link Rule} per NDJSON line. */
final class DetectionRules {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "detection-rules/ibmcloud-activity-tracker.ndjson";
  private static final Pattern NOW_MINUS = Pattern.compile("now-(\\d+)([smhd])");

  private DetectionRules() {}

  /** One rule; {@code json} is its whole line. */
  record Rule(JsonNode json) {
    String id() {
      return json.path("rule_id").asText();
    }

    String name() {
      return json.path("name").asText();
    }

    String type() {
      return json.path("type").asText();
    }

    String query() {
      return json.path("query").asText();
    }

    /** How far back a run looks: {@code from} as a duration ({@code now-10m} → 10 minutes). */
    Duration window() {
      return duration(json.path("from").asText(), "from");
    }

    /** new_terms: how far back the history goes. */
    Duration history() {
      return duration(json.path("history_window_start").asText(), "history_window_start");
    }

    List<String> strings(String field) {
      List<String> out = new ArrayList<>();
      json.path(field).forEach(v -> out.add(v.asText()));
      return out;
    }

    private Duration duration(String text, String field) {
      Matcher m = NOW_MINUS.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(name() + ": " + field + " '" + text + "' is not now-<n><s|m|h|d>, the "
            + "only form the rule tests translate");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }

  static Path file() {
    return Repo.root().resolve(FILE);
  }

  /** Every rule of the file, in file order; the export summary line ({@code exported_count}) is left out. */
  static List<Rule> load() {
    List<Rule> rules = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode json = JSON.readTree(line);
        if (!json.has("exported_count")) {
          rules.add(new Rule(json));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file(), e);
    }
    return rules;
  }
}
