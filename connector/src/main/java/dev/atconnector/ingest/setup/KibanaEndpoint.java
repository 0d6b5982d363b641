package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Kibana as {@code setup} talks to it: its URL, the space ({@code /s/SPACE} before every API path, none for the
 * default space), the {@code Authorization} header and the {@code kbn-xsrf} header its APIs require; a POST of a
 * multipart file or of JSON, and what a failed answer means ({@link KibanaException} with its {@link Failure}).
 */
public final class KibanaEndpoint {
  static final ObjectMapper JSON = new ObjectMapper();
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
  public KibanaEndpoint(HttpClient http, URI kibana, String space, Optional<String> authorization) {
    this.http = http;
    this.kibana = kibana;
    this.space = space;
    this.authorization = authorization;
  }

  /** Kibana's answer: its status and body text. */
  record Answer(int status, String body) {
    /** The body as JSON, or {@code null} when it is not JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    /** The body on one line, at most 300 characters (Kibana's error bodies hold no credentials). */
    String brief() {
      String oneLine = body.replaceAll("\\s+", " ").strip();
      return oneLine.isEmpty() ? "(no body)" : oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
  }

  public String space() {
    return space;
  }

  /** Kibana's URL for messages: without any user info a URL may carry. */
  public String display() {
    try {
      return new URI(kibana.getScheme(), null, kibana.getHost(), kibana.getPort(), kibana.getPath(), null, null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return kibana.getScheme() + "://" + kibana.getHost();
    }
  }

  /** The URL of an API path ({@code /api/...}) in the space. */
  String url(String apiPath) {
    return kibana.toString().replaceAll("/+$", "") + (space.equals("default") ? "" : "/s/" + space) + apiPath;
  }

  /** POSTs {@code ndjson} as the multipart field {@code file} named {@code file}; {@code what} names it in errors. */
  Answer postFile(String apiPath, String file, byte[] ndjson, String what) {
    return answer(http.headers(h -> headers(h, null)).post().uri(java.net.URI.create(url(apiPath)))
        .sendForm((request, form) -> form.multipart(true)
            .file("file", file, new ByteArrayInputStream(ndjson), "application/ndjson"))
        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(response.status().code(), text))), what);
  }

  /** POSTs a JSON body; {@code what} names the request in errors. */
  Answer postJson(String apiPath, byte[] json, String what) {
    return answer(http.headers(h -> headers(h, "application/json")).post().uri(java.net.URI.create(url(apiPath)))
        .send(Mono.just(Unpooled.wrappedBuffer(json)))
        .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(response.status().code(), text))), what);
  }

  private void headers(io.netty.handler.codec.http.HttpHeaders h, String contentType) {
    h.set("kbn-xsrf", "at-connector");
    if (contentType != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    authorization.ifPresent(a -> h.set(HttpHeaderNames.AUTHORIZATION, a));
  }

  private Answer answer(Mono<Answer> exchange, String what) {
    Answer answer = exchange
        .onErrorMap(e -> !(e instanceof KibanaException), e -> new KibanaException("Kibana at " + display()
            + " did not answer " + what + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
            + "); check --kibana-url (KIBANA_URL) and that Kibana is up", Failure.http(Side.KIBANA, 0), e))
        .block(LIMIT);
    if (answer == null) {
      throw new KibanaException("Kibana at " + display() + " gave no answer to " + what + "; check --kibana-url "
          + "(KIBANA_URL) and that Kibana is up", Failure.http(Side.KIBANA, 0), null);
    }
    return answer;
  }

  /**
   * Kibana answered {@code answer} instead of a result to {@code what}: as a {@link KibanaException} whose message
   * says what to do, by its kind: the credential ({@code authHint} names what it needs), Kibana down or failing
   * (try again when it is up), or the request refused (Kibana's reason).
   */
  KibanaException failed(String what, Answer answer, String authHint) {
    Failure f = Failure.http(Side.KIBANA, answer.status());
    String head = "Kibana at " + display() + " refused " + what + " (HTTP " + answer.status() + ")";
    return new KibanaException(switch (f.kind()) {
      case AUTH -> head + "; check KIBANA_USERNAME/KIBANA_PASSWORD or KIBANA_API_KEY (default: the "
          + "Elasticsearch credentials) and " + authHint;
      case UNAVAILABLE -> "Kibana at " + display() + " failed " + what + " (HTTP " + answer.status() + "): "
          + answer.brief() + "; run setup again when Kibana is up (check its status page)";
      default -> head + ": " + answer.brief();
    }, f, null);
  }

  /** A file of ours {@code setup} cannot use: a local input failure, not Kibana's. */
  static KibanaException unusable(String message, Throwable cause) {
    return new KibanaException(message, Failure.of(Side.LOCAL, Kind.BAD_DATA), cause);
  }
}
