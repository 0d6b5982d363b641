package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.netty.http.client.HttpClient;

/**
 * Imports Elastic Security detection rules (NDJSON in the rules page's export format) through Kibana's detection
 * engine: {@code POST [/s/SPACE]/api/detection_engine/rules/_import?overwrite=BOOL}, multipart field {@code file},
 * header {@code kbn-xsrf}. Without overwrite a rule whose {@code rule_id} already exists is kept as it is (a user
 * may have tuned it, enabled it or added exceptions): Kibana answers 409 for it, reported here as {@link
 * Outcome#KEPT}.
 */
public final class RuleImporter {
  private static final ObjectMapper JSON = KibanaEndpoint.JSON;

  private final KibanaEndpoint kibana;

  /**
   * @param kibana Kibana's base URL (with its base path, if any)
   * @param space the Kibana space, {@code default} for the default space
   * @param authorization the whole {@code Authorization} header value, if any (never logged)
   */
  public RuleImporter(HttpClient http, URI kibana, String space, Optional<String> authorization) {
    this(new KibanaEndpoint(http, kibana, space, authorization));
  }

  public RuleImporter(KibanaEndpoint kibana) {
    this.kibana = kibana;
  }

  /** What became of one rule. */
  public enum Outcome { IMPORTED, KEPT, FAILED }

  /** One rule of a file and what Kibana did with it; {@code detail} is Kibana's reason when not imported. */
  public record RuleResult(String file, String ruleId, String name, Outcome outcome, String detail) {}

  /**
   * Imports one file; {@code overwrite} replaces rules that already exist (same {@code rule_id}).
   *
   * @throws KibanaException when the file is not rules NDJSON, Kibana cannot be reached, refuses the request, or
   *     answers something else than an import result (the message names the file and Kibana's answer)
   */
  public List<RuleResult> importFile(Path ndjson, boolean overwrite) {
    String file = ndjson.getFileName().toString();
    byte[] body;
    Map<String, String> names;
    try {
      body = Files.readAllBytes(ndjson);
    } catch (IOException e) {
      throw KibanaEndpoint.unusable("cannot read " + ndjson + ": " + e.getClass().getSimpleName(), e);
    }
    try {
      names = ruleNames(file, new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw KibanaEndpoint.unusable(e.getMessage(), e);
    }
    return results(file, names, kibana.postFile("/api/detection_engine/rules/_import?overwrite=" + overwrite, file,
        body, "the rule import of " + file));
  }

  /** rule_id → name of every rule line, in file order; the export summary line is not a rule. */
  static Map<String, String> ruleNames(String file, String ndjson) {
    Map<String, String> names = new LinkedHashMap<>();
    int line = 0;
    for (String text : ndjson.split("\n")) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode rule;
      try {
        rule = JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ":" + line + " is not JSON: a detection rules file holds one "
            + "rule per line, as Kibana's rules export writes it", e);
      }
      if (rule.has("exported_count")) {
        continue;
      }
      if (!rule.path("rule_id").isTextual()) {
        throw new IllegalArgumentException(file + ":" + line + " has no rule_id: every rule needs a stable rule_id for Kibana "
            + "to recognise it on the next import");
      }
      names.put(rule.get("rule_id").asText(), rule.path("name").asText(""));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no detection rule");
    }
    return names;
  }

  private List<RuleResult> results(String file, Map<String, String> names, KibanaEndpoint.Answer answer) {
    JsonNode json = answer.json();
    if (answer.status() != 200 || json == null || !json.has("success_count")) {
      throw kibana.failed("the rule import of " + file + " into space '" + kibana.space() + "'", answer,
          "their Security privileges (rules: All)");
    }
    Map<String, RuleResult> failed = new HashMap<>();
    List<RuleResult> results = new ArrayList<>();
    for (JsonNode err : json.path("errors")) {
      String id = err.path("rule_id").asText("");
      JsonNode error = err.path("error");
      int status = error.path("status_code").asInt();
      boolean exists = status > 0 && HttpStatuses.kind(Side.KIBANA, status) == Kind.CONFLICT;
      RuleResult r = new RuleResult(file, id, names.getOrDefault(id, ""), exists ? Outcome.KEPT : Outcome.FAILED,
          exists ? "already in Kibana, kept (--force overwrites it)" : error.path("message").asText("error"));
      if (names.containsKey(id)) {
        failed.put(id, r);
      } else {
        results.add(r); // an error Kibana could not tie to a rule of the file (e.g. a line it could not read)
      }
    }
    List<RuleResult> ordered = new ArrayList<>();
    names.forEach((id, name) -> ordered.add(failed.getOrDefault(id, new RuleResult(file, id, name,
        Outcome.IMPORTED, ""))));
    ordered.addAll(results);
    return ordered;
  }
}
