package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.netty.http.client.HttpClient;

/**
 * Imports saved-object NDJSON files (data views, dashboards) into Kibana through its saved-objects import API:
 * {@code POST [/s/SPACE]/api/saved_objects/_import?overwrite=true}, multipart field {@code file}, header
 * {@code kbn-xsrf}. Overwriting makes a re-run of {@code setup} idempotent.
 */
public final class KibanaImporter {
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
  public KibanaImporter(HttpClient http, URI kibana, String space, Optional<String> authorization) {
    this.http = http;
    this.kibana = kibana;
    this.space = space;
    this.authorization = authorization;
  }

  /** What Kibana said about one saved object of a file. */
  public record ObjectResult(String file, String type, String id, String title, boolean success, String error) {}

  /**
   * Imports one file.
   *
   * @throws KibanaException when Kibana cannot be reached, refuses the request, or answers something else than an
   *     import result (the message names the file and Kibana's answer)
   */
  public List<ObjectResult> importFile(Path ndjson) {
    byte[] body;
    try {
      body = Files.readAllBytes(ndjson);
    } catch (IOException e) {
      throw new KibanaException("cannot read " + ndjson + ": " + e.getClass().getSimpleName(), false, e);
    }
    return importBytes(ndjson.getFileName().toString(), body);
  }

  /** Imports NDJSON {@code body} under the name {@code file} (for messages), as {@link #importFile}. */
  public List<ObjectResult> importBytes(String file, byte[] body) {
    String url = importUrl();
    Answer answer = http
        .headers(h -> {
          h.set("kbn-xsrf", "at-connector");
          authorization.ifPresent(a -> h.set(HttpHeaderNames.AUTHORIZATION, a));
        })
        .post().uri(URI.create(url))
        .sendForm((request, form) -> form.multipart(true)
            .file("file", file, new java.io.ByteArrayInputStream(body), "application/ndjson"))
        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(response.status().code(), text)))
        .onErrorMap(e -> !(e instanceof KibanaException), e -> new KibanaException("Kibana at " + kibana
            + " did not answer the import of " + file + " (" + e.getClass().getSimpleName() + ": "
            + e.getMessage() + "); check --kibana-url and that Kibana is up", false, e))
        .block(LIMIT);
    if (answer == null) {
      throw new KibanaException("Kibana at " + kibana + " gave no answer to the import of " + file, false, null);
    }
    return results(file, answer);
  }

  private record Answer(int status, String body) {}

  /**
   * The saved objects {@code wanted} (each {@code {type, id}}) as Kibana has them now:
   * {@code POST [/s/SPACE]/api/saved_objects/_bulk_get}; a missing one comes back with an {@code error}.
   *
   * @throws KibanaException when Kibana cannot be reached or refuses the request
   */
  public JsonNode bulkGet(JsonNode wanted) {
    String base = kibana.toString().replaceAll("/+$", "") + (space.equals("default") ? "" : "/s/" + space);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(wanted);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a saved-object list", e);
    }
    Answer answer = http
        .headers(h -> {
          h.set("kbn-xsrf", "at-connector");
          h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          authorization.ifPresent(a -> h.set(HttpHeaderNames.AUTHORIZATION, a));
        })
        .post().uri(URI.create(base + "/api/saved_objects/_bulk_get"))
        .send(reactor.core.publisher.Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(response.status().code(), text)))
        .onErrorMap(e -> !(e instanceof KibanaException), e -> new KibanaException("Kibana at " + kibana
            + " did not answer reading the shipped saved objects (" + e.getClass().getSimpleName() + ": "
            + e.getMessage() + "); check --kibana-url and that Kibana is up", false, e))
        .block(LIMIT);
    JsonNode json = null;
    try {
      json = answer == null ? null : JSON.readTree(answer.body());
    } catch (IOException e) {
      json = null;
    }
    if (answer == null || answer.status() != 200 || json == null || !json.has("saved_objects")) {
      throw new KibanaException("Kibana at " + kibana + " refused to show the shipped saved objects"
          + (answer == null ? "" : " (HTTP " + answer.status() + "): " + brief(answer.body())),
          answer != null && (answer.status() == 401 || answer.status() == 403), null);
    }
    return json.get("saved_objects");
  }

  private String importUrl() {
    String base = kibana.toString().replaceAll("/+$", "");
    String spacePath = space.equals("default") ? "" : "/s/" + space;
    return base + spacePath + "/api/saved_objects/_import?overwrite=true";
  }

  private List<ObjectResult> results(String file, Answer answer) {
    if (answer.status() == 401 || answer.status() == 403) {
      throw new KibanaException("Kibana at " + kibana + " refused the import of " + file + " (HTTP "
          + answer.status() + "); check KIBANA_USERNAME/KIBANA_PASSWORD or KIBANA_API_KEY (default: the "
          + "Elasticsearch credentials) and their Kibana privileges", true, null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(answer.body());
    } catch (IOException e) {
      json = null;
    }
    if (answer.status() != 200 || json == null || !json.has("success")) {
      throw new KibanaException("Kibana at " + kibana + " refused the import of " + file + " into space '" + space
          + "' (HTTP " + answer.status() + "): " + brief(answer.body()), false, null);
    }
    List<ObjectResult> results = new ArrayList<>();
    for (JsonNode ok : json.path("successResults")) {
      results.add(new ObjectResult(file, ok.path("type").asText(), ok.path("id").asText(),
          ok.at("/meta/title").asText(""), true, ""));
    }
    for (JsonNode err : json.path("errors")) {
      JsonNode error = err.path("error");
      String why = error.path("type").asText("error")
          + (error.has("message") ? ": " + error.path("message").asText() : "")
          + (error.has("references") ? " " + error.path("references") : "");
      results.add(new ObjectResult(file, err.path("type").asText(), err.path("id").asText(),
          err.path("title").asText(err.at("/meta/title").asText("")), false, why));
    }
    return results;
  }

  private static String brief(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.isEmpty() ? "(no body)" : oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }
}
