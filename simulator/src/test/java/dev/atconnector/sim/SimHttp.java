package dev.atconnector.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain java.net.http client for the ITs: nothing of the simulator's own code on the client side. */
public final class SimHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  public SimHttp(String base) {
    this.base = base;
  }

  /** A response with its body as text. */
  public record Reply(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    /** The code (v3) or error (UAA) of an error body. */
    public String code() {
      JsonNode json = json();
      return json.has("code") ? json.get("code").asText() : json.path("error").asText();
    }

    public String message() {
      return json().path("message").asText();
    }
  }

  public HttpRequest.Builder request(String method, String path, String body, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  public Reply send(String method, String path, String body, String... headers) {
    try {
      HttpResponse<String> response = client.send(request(method, path, body, headers).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A v3 call with a bearer token and a space. */
  public Reply api(String method, String path, String body, String token, String space, String... more) {
    String[] headers = new String[more.length + 4];
    headers[0] = "X-Auth-Token";
    headers[1] = "bearer " + token;
    headers[2] = "X-Auth-Project-Id";
    headers[3] = space;
    System.arraycopy(more, 0, headers, 4, more.length);
    return send(method, path, body, headers);
  }

  /** Creates a session and returns its id (asserting 200). */
  public String createSession(String token, String space, String body) {
    Reply reply = api("POST", "/v3/sessions", body, token, space, "Content-Type", "application/json");
    if (reply.status() != 200) {
      throw new AssertionError("create failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().get("id").asText();
  }

  /** Starts a download; the caller reads (and closes) the body stream. */
  public HttpResponse<InputStream> download(String token, String space, String sessionId) {
    try {
      return client.send(request("GET", "/v3/events/download", null, "X-Auth-Token", "bearer " + token,
              "X-Auth-Project-Id", space, "SESSIONID", sessionId).build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public SimStats stats() {
    try {
      return MAPPER.readValue(send("GET", "/_sim/stats", null).body(), SimStats.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
