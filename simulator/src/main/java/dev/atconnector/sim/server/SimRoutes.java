package dev.atconnector.sim.server;

import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.session.SessionQuery;
import dev.atconnector.sim.session.SessionQueryParser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Introspection for tests and demos, no auth: {@code GET /_sim/stats} and {@code GET /_sim/expected}. */
final class SimRoutes {
  private final ServerState state;

  SimRoutes(ServerState state) {
    this.state = state;
  }

  Mono<Void> stats(HttpServerResponse res) {
    return Json.send(res, 200, state.stats());
  }

  /** {@code ?space=&account=&start=&end=&hour=&ids=}: the exact events a session of those fields downloads. */
  Mono<Void> expected(HttpServerRequest req, HttpServerResponse res) {
    Map<String, String> params = Requests.query(req.uri());
    String space = params.get("space");
    if (space == null || space.isBlank()) {
      throw ApiError.of(400, "missing_parameter", "the query parameter 'space' is missing; send the space GUID");
    }
    boolean ids = flag(params, "ids");
    Map<String, String> fields = new HashMap<>();
    putIfPresent(fields, "start", params.get("start"));
    putIfPresent(fields, "end", params.get("end"));
    putIfPresent(fields, "AtAccountLevel", params.get("account"));
    putIfPresent(fields, "SearchTime", params.get("hour"));
    SessionQuery query = SessionQueryParser.fromParams(fields, state.today());
    return Mono.fromCallable(() -> state.catalog().expected(state.spec(space.strip(), query)))
        .subscribeOn(state.workers())
        .flatMap(expected -> Json.send(res, 200, render(expected, ids)));
  }

  private static boolean flag(Map<String, String> params, String name) {
    String value = params.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw ApiError.of(400, "invalid_parameter", "the query parameter '" + name + "' must be true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static void putIfPresent(Map<String, String> fields, String key, String value) {
    if (value != null) {
      fields.put(key, value);
    }
  }

  private static Map<String, Object> render(ExpectedEvents expected, boolean ids) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("count", expected.count());
    json.put("digest", expected.digest());
    json.put("malformed", expected.malformed());
    if (ids) {
      json.put("ids", expected.ids());
    }
    return json;
  }
}
