package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofMinutes(2);

  private final HttpClient http;
  private final URI kibana;
  private final String space;
  private final Optional<String> authorization;

  /**
   * @param kibana Kibana's base URL (with its base path, if any)
   * @param space the Kibana space, {@code default} for the default space
   * @param authorization the whole {@code Authorization} header value, if any (never logged)
   */
  public RuleImporter(HttpClient http, URI kibana, String space, Optional<String> authorization) {
    this.http = http;
    this.kibana = kibana;
    this.space = space;
    this.authorization = authorization;
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
      throw new KibanaException("cannot read " + ndjson + ": " + e.getClass().getSimpleName(), false, e);
    }
    try {
      names = ruleNames(file, new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new KibanaException(e.getMessage(), false, e);
    }
    String url = kibana.toString().replaceAll("/+$", "") + (space.equals("default") ? "" : "/s/" + space)
        + "/api/detection_engine/rules/_import?overwrite=" + overwrite;
    Answer answer = http
        .headers(h -> {
          h.set("kbn-xsrf", "at-connector");
          authorization.ifPresent(a -> h.set(HttpHeaderNames.AUTHORIZATION, a));
        })
        .post().uri(URI.create(url))
        .sendForm((request, form) -> form.multipart(true)
            .file("file", file, new ByteArrayInputStream(body), "application/ndjson"))
        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(response.status().code(), text)))
        .onErrorMap(e -> !(e instanceof KibanaException), e -> new KibanaException("Kibana at " + kibana
            + " did not answer the rule import of " + file + " (" + e.getClass().getSimpleName() + ": "
            + e.getMessage() + "); check --kibana-url and that Kibana is up", false, e))
        .block(LIMIT);
    if (answer == null) {
      throw new KibanaException("Kibana at " + kibana + " gave no answer to the rule import of " + file, false,
          null);
    }
    return results(file, names, answer);
  }

  private record Answer(int status, String body) {}

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

  private List<RuleResult> results(String file, Map<String, String> names, Answer answer) {
    if (answer.status() == 401 || answer.status() == 403) {
      throw new KibanaException("Kibana at " + kibana + " refused the rule import of " + file + " (HTTP "
          + answer.status() + "); check KIBANA_USERNAME/KIBANA_PASSWORD or KIBANA_API_KEY (default: the "
          + "Elasticsearch credentials) and their Security privileges (rules: All)", true, null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(answer.body());
    } catch (IOException e) {
      json = null;
    }
    if (answer.status() != 200 || json == null || !json.has("success_count")) {
      throw new KibanaException("Kibana at " + kibana + " refused the rule import of " + file + " into space '"
          + space + "' (HTTP " + answer.status() + "): " + brief(answer.body()), false, null);
    }
    Map<String, RuleResult> failed = new HashMap<>();
    List<RuleResult> results = new ArrayList<>();
    for (JsonNode err : json.path("errors")) {
      String id = err.path("rule_id").asText("");
      JsonNode error = err.path("error");
      boolean exists = error.path("status_code").asInt() == 409;
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

  private static String brief(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.isEmpty() ? "(no body)" : oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }
}
