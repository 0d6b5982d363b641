package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final KibanaEndpoint kibana;

  /**
   * @param kibana Kibana's base URL (with its base path, if any)
   * @param space the Kibana space, {@code default} for the default space
   * @param authorization the whole {@code Authorization} header value, if any (never logged)
   */
  public KibanaImporter(HttpClient http, URI kibana, String space, Optional<String> authorization) {
    this(new KibanaEndpoint(http, kibana, space, authorization));
  }

  public KibanaImporter(KibanaEndpoint kibana) {
    this.kibana = kibana;
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
      throw KibanaEndpoint.unusable("cannot read " + ndjson + ": " + e.getClass().getSimpleName(), e);
    }
    return importBytes(ndjson.getFileName().toString(), body);
  }

  /** Imports NDJSON {@code body} under the name {@code file} (for messages), as {@link #importFile}. */
  public List<ObjectResult> importBytes(String file, byte[] body) {
    return results(file, kibana.postFile("/api/saved_objects/_import?overwrite=true", file, body,
        "the import of " + file));
  }

  /**
   * The saved objects {@code wanted} (each {@code {type, id}}) as Kibana has them now:
   * {@code POST [/s/SPACE]/api/saved_objects/_bulk_get}; a missing one comes back with an {@code error}.
   *
   * @throws KibanaException when Kibana cannot be reached or refuses the request
   */
  public JsonNode bulkGet(JsonNode wanted) {
    byte[] body;
    try {
      body = KibanaEndpoint.JSON.writeValueAsBytes(wanted);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a saved-object list", e);
    }
    KibanaEndpoint.Answer answer = kibana.postJson("/api/saved_objects/_bulk_get", body,
        "reading the shipped saved objects");
    JsonNode json = answer.json();
    if (answer.status() != 200 || json == null || !json.has("saved_objects")) {
      throw kibana.failed("to show the shipped saved objects", answer, "their Kibana privileges");
    }
    return json.get("saved_objects");
  }

  private List<ObjectResult> results(String file, KibanaEndpoint.Answer answer) {
    JsonNode json = answer.json();
    if (answer.status() != 200 || json == null || !json.has("success")) {
      throw kibana.failed("the import of " + file + " into space '" + kibana.space() + "'", answer,
          "their Kibana privileges");
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
}
