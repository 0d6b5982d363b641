package dev.atconnector.sim.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reading requests: the body (bounded), query and form parameters, the path. */
final class Requests {
  /** Request bodies here are a few small fields; anything bigger is a client bug, not something to buffer. */
  static final int MAX_BODY = 64 * 1024;

  private Requests() {}

  /** The request body as UTF-8 text, empty if none; 400 invalid_body if larger than {@link #MAX_BODY}. */
  static Mono<String> body(HttpServerRequest req) {
    return req.receive()
        .asByteArray()
        .collect(ByteArrayOutputStream::new, (out, bytes) -> {
          if (out.size() + bytes.length > MAX_BODY) {
            throw ApiError.of(400, "invalid_body", "the request body is larger than " + MAX_BODY + " bytes");
          }
          out.write(bytes, 0, bytes.length);
        })
        .map(out -> out.toString(StandardCharsets.UTF_8))
        .defaultIfEmpty("");
  }

  /** The path without query string and trailing slashes. */
  static String path(String uri) {
    String path = new QueryStringDecoder(uri, StandardCharsets.UTF_8).path();
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  /** The query parameters (first value of each). */
  static Map<String, String> query(String uri) {
    return first(new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters());
  }

  /** The fields of an application/x-www-form-urlencoded body (first value of each). */
  static Map<String, String> form(String body) {
    return first(new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters());
  }

  private static Map<String, String> first(Map<String, List<String>> params) {
    Map<String, String> result = new HashMap<>();
    params.forEach((key, values) -> {
      if (!values.isEmpty()) {
        result.put(key, values.get(0));
      }
    });
    return result;
  }
}
