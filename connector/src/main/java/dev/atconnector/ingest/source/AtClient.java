package dev.atconnector.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Side;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The Activity Tracker v3 download-session API over one immutable Reactor Netty {@link HttpClient}: create, show,
 * list and delete sessions, and stream a session's download. Statuses map to {@link SourceException} kinds;
 * retryable failures of the small calls are retried per {@link SourceRetry}; a 401 renews the token once.
 */
public final class AtClient {
  private static final Logger LOG = LoggerFactory.getLogger(AtClient.class);
  private static final int MAX_ERROR_BODY = 2048;

  private final HttpClient http;
  private final String endpoint;
  private final String spaceId;
  private final TokenProvider tokens;
  private final SourceRetry retry;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param http the client (timeouts, TLS and pooling configured by the caller)
   * @param endpoint the service base URL, e.g. {@code https://activity-tracker.ng.bluemix.net}
   * @param spaceId the space GUID ({@code X-Auth-Project-Id})
   */
  public AtClient(HttpClient http, String endpoint, String spaceId, TokenProvider tokens, SourceRetry retry) {
    this.http = Objects.requireNonNull(http, "http");
    this.endpoint = stripSlash(Objects.requireNonNull(endpoint, "endpoint"));
    this.spaceId = Objects.requireNonNull(spaceId, "spaceId");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  public String endpoint() {
    return endpoint;
  }

  public Mono<AtSession> createSession(SessionRequest request) {
    return createSessionJson(request).map(AtSession::fromJson);
  }

  /** As {@link #createSession}, answering the service's JSON with every field it sent (for display). */
  public Mono<JsonNode> createSessionJson(SessionRequest request) {
    return call(HttpMethod.POST, "/v3/sessions", body(request), "create session " + request);
  }

  public Mono<AtSession> showSession(String id) {
    return showSessionJson(id).map(AtSession::fromJson);
  }

  /** As {@link #showSession}, answering the service's JSON. */
  public Mono<JsonNode> showSessionJson(String id) {
    return call(HttpMethod.GET, "/v3/sessions/" + id, null, "show session " + id);
  }

  public Flux<AtSession> listSessions() {
    return listSessionsJson().map(AtSession::fromJson);
  }

  /** As {@link #listSessions}, each session as the service's JSON. */
  public Flux<JsonNode> listSessionsJson() {
    return call(HttpMethod.GET, "/v3/sessions", null, "list sessions").flatMapIterable(n -> n);
  }

  /** Deletes the session; retried like every small call. Completes empty. */
  public Mono<Void> deleteSession(String id) {
    return deleteSessionJson(id).then();
  }

  /** As {@link #deleteSession}, answering the service's reply, e.g. {@code {"message":"Delete session success"}}. */
  public Mono<JsonNode> deleteSessionJson(String id) {
    return call(HttpMethod.DELETE, "/v3/sessions/" + id, null, "delete session " + id);
  }

  /**
   * The events available per day ({@code GET /v3/events} with the session fields as a JSON body, reference B.1 and
   * A.9), one entry per day of the request's range.
   */
  public Flux<DayStatus> status(SessionRequest request) {
    return call(HttpMethod.GET, "/v3/events", body(request), "status " + request)
        .flatMapIterable(n -> n)
        .map(DayStatus::fromJson);
  }

  /**
   * The endpoint plus {@code path} as a {@link URI}: Reactor Netty parses a string URL itself, and reads
   * {@code http://127.0.0.1:1} as an unresolvable host (a one-digit port), where a URI connects and is refused. The
   * path is quoted (a session id typed by hand may hold anything).
   */
  private URI uri(String path) {
    URI base = URI.create(endpoint);
    try {
      return new URI(base.getScheme(), base.getAuthority(), base.getPath() + path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint " + endpoint + " and path " + path + " make no URL", e);
    }
  }

  private ObjectNode body(SessionRequest request) {
    return json.createObjectNode()
        .put("start", request.start().toString())
        .put("end", request.end().toString())
        .put("AtAccountLevel", request.accountLevel())
        .put("SearchTime", request.hour().isPresent() ? Integer.toString(request.hour().getAsInt()) : "");
  }

  /**
   * Streams the session's download. {@code body} receives the raw gzip body as Netty buffers, which are released
   * once its subscriber's {@code onNext} returns: consume each buffer synchronously. Demand from {@code body}'s
   * subscriber is the socket's pace. Not retried here (the caller resumes; see the pipeline).
   */
  public <T> Flux<T> download(String sessionId, Function<? super ByteBufFlux, ? extends Publisher<T>> body) {
    return downloadSized(sessionId, (length, content) -> body.apply(content));
  }

  /**
   * As {@link #download}, also handing {@code body} the response's {@code Content-Length} when the service sent one
   * (a chunked body has none).
   */
  public <T> Flux<T> downloadSized(String sessionId,
      BiFunction<OptionalLong, ? super ByteBufFlux, ? extends Publisher<T>> body) {
    return tokens.token().flatMapMany(token -> http
        .headers(h -> h.set("X-Auth-Token", "bearer " + token.reveal())
            .set("X-Auth-Project-Id", spaceId)
            .set("SESSIONID", sessionId)
            .set("Accept", "application/octet-stream"))
        .get()
        .uri(uri("/v3/events/download"))
        .response((res, content) -> {
          int status = res.status().code();
          if (status == 200) {
            return body.apply(contentLength(res), content);
          }
          return errorBody(content).flatMap(text -> {
            if (status == 401) {
              // the token may have expired: renew it for the caller's next attempt, then fail this one retryably
              return tokens.renewAfterRejection(token)
                  .flatMap(t -> Mono.<T>error(failure(res, text, "download", SourceException.Kind.UNAVAILABLE)))
                  .switchIfEmpty(Mono.error(failure(res, text, "download", null)));
            }
            return Mono.error(failure(res, text, "download", null));
          });
        }))
        .onErrorMap(AtClient::isTransportError, e -> new SourceException(SourceException.Kind.UNAVAILABLE,
            "download of session " + sessionId + " from " + endpoint + " failed: " + describe(e), e));
  }

  private static OptionalLong contentLength(HttpClientResponse res) {
    String value = res.responseHeaders().get("Content-Length");
    try {
      return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // a malformed length only costs the progress bar its percentage
    }
  }

  private Mono<JsonNode> call(HttpMethod method, String path, JsonNode body, String what) {
    return tokens.token()
        .flatMap(token -> exchange(method, path, body, token, what)
            .onErrorResume(e -> e instanceof SourceException se && se.status() == 401,
                e -> tokens.renewAfterRejection(token)
                    .flatMap(fresh -> exchange(method, path, body, fresh, what))
                    .switchIfEmpty(Mono.error(e))))
        .retryWhen(retry.spec(what, LOG));
  }

  private Mono<JsonNode> exchange(HttpMethod method, String path, JsonNode body, Secret token, String what) {
    HttpClient.RequestSender sender = http
        .headers(h -> {
          h.set("X-Auth-Token", "bearer " + token.reveal())
              .set("X-Auth-Project-Id", spaceId)
              .set("Accept", "application/json");
          if (body != null) {
            h.set("Content-Type", "application/json");
          }
        })
        .request(method)
        .uri(uri(path));
    HttpClient.ResponseReceiver<?> receiver = body == null ? sender
        : sender.send(ByteBufFlux.fromString(Mono.just(body.toString()), StandardCharsets.UTF_8,
            ByteBufAllocator.DEFAULT));
    return receiver
        .responseSingle((res, bytes) -> bytes.asByteArray().defaultIfEmpty(new byte[0])
            .map(b -> parse(res, b, what)))
        .onErrorMap(AtClient::isTransportError, e -> new SourceException(SourceException.Kind.UNAVAILABLE,
            what + " at " + endpoint + " failed: " + describe(e), e));
  }

  private JsonNode parse(HttpClientResponse res, byte[] bytes, String what) {
    int status = res.status().code();
    if (status / 100 != 2) {
      throw failure(res, new String(bytes, 0, Math.min(bytes.length, MAX_ERROR_BODY), StandardCharsets.UTF_8),
          what, null);
    }
    try {
      return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
    } catch (IOException e) {
      throw new SourceException(SourceException.Kind.UNAVAILABLE, status,
          what + ": the service answered HTTP " + status + " with a body that is not JSON", null, e);
    }
  }

  /** Maps a non-2xx answer to its kind by status code alone (reference A.7; the table is {@link HttpStatuses}). */
  private SourceException failure(HttpClientResponse res, String body, String what, SourceException.Kind forced) {
    int status = res.status().code();
    SourceException.Kind kind = forced != null ? forced
        : SourceException.Kind.of(HttpStatuses.kind(Side.ACTIVITY_TRACKER, status));
    Duration retryAfter = parseRetryAfter(res.responseHeaders().get("Retry-After"));
    return new SourceException(kind, status,
        what + ": HTTP " + status + errorSummary(body), retryAfter, null);
  }

  private String errorSummary(String body) {
    try {
      JsonNode n = json.readTree(body);
      if (n != null && n.hasNonNull("code")) {
        return " " + n.path("code").asText() + ": " + n.path("message").asText("");
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw text
    }
    String text = body.strip();
    return text.isEmpty() ? "" : " " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  private static Mono<String> errorBody(ByteBufFlux content) {
    return content.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        .map(s -> s.length() > MAX_ERROR_BODY ? s.substring(0, MAX_ERROR_BODY) : s);
  }

  static Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      return Duration.ofSeconds(Math.max(0, Math.min(seconds, 3600)));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: rare for this API; the normal backoff applies
    }
  }

  static boolean isTransportError(Throwable e) {
    // an UncheckedIOException comes from the caller's body function (e.g. writing a download), not the network
    return !(e instanceof SourceException) && !(e instanceof java.io.UncheckedIOException) && (e instanceof IOException
        || e instanceof io.netty.channel.ChannelException
        || e instanceof io.netty.handler.timeout.TimeoutException
        || e.getCause() instanceof IOException);
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
