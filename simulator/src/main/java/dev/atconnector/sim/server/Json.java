package dev.atconnector.sim.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** The one ObjectMapper of the server, and JSON responses. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code value} as a JSON response with the given status (Content-Length set, not chunked). */
  public static Mono<Void> send(HttpServerResponse res, int status, Object value) {
    byte[] body = bytes(value);
    return res.status(HttpResponseStatus.valueOf(status))
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .sendByteArray(Mono.just(body))
        .then();
  }

  /** Sends an error: its status, its JSON body and, for 429s, Retry-After. */
  public static Mono<Void> sendError(HttpServerResponse res, ApiError error) {
    if (error.retryAfterSeconds() >= 0) {
      res.header(HttpHeaderNames.RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
    }
    return send(res, error.status(), error.body());
  }
}
