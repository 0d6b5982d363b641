package dev.atconnector.sim.server;

import dev.atconnector.sim.events.DayStatus;
import dev.atconnector.sim.events.Scope;
import dev.atconnector.sim.session.Session;
import dev.atconnector.sim.session.SessionQuery;
import dev.atconnector.sim.session.SessionQueryParser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Session create, list, show, delete, and the per-day status ({@code GET /v3/events}). */
final class SessionRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);
  /** Days the service kept searchable in Kibana (reference B.2 "Event Search"): today and the two before. */
  private static final int SEARCHABLE_DAYS = 3;

  private final ServerState state;

  SessionRoutes(ServerState state) {
    this.state = state;
  }

  Mono<Void> create(HttpServerRequest req, HttpServerResponse res, Caller caller) {
    return Requests.body(req).flatMap(body -> {
      SessionQuery query = SessionQueryParser.fromBody(body, state.today());
      checkAccountAccess(query, caller);
      Session session = state.sessions().create(caller.space(), caller.user(), query);
      LOG.info("session {} created by {} in space {}: {} .. {}, account level {}, hour {}", session.id(),
          caller.user(), caller.space(), query.start(), query.end(), query.accountLevel(), query.hour());
      return Json.send(res, 200, session.toJson());
    });
  }

  Mono<Void> list(HttpServerRequest req, HttpServerResponse res, Caller caller) {
    List<Map<String, Object>> list = state.sessions().list(caller.space(), caller.user()).stream()
        .map(Session::toJson)
        .collect(Collectors.toList());
    return Json.send(res, 200, list);
  }

  Mono<Void> show(String id, HttpServerResponse res, Caller caller) {
    return Json.send(res, 200, state.sessions().require(id, caller.space(), caller.user()).toJson());
  }

  Mono<Void> delete(String id, HttpServerResponse res, Caller caller) {
    Session session = state.sessions().delete(id, caller.space(), caller.user());
    LOG.info("session {} deleted by {} after {} download(s)", session.id(), caller.user(), session.downloads());
    return Json.send(res, 200, Map.of("message", "Delete session success"));
  }

  /** Per-day counts; the fields come as query parameters if any is given, else as a JSON body. */
  Mono<Void> status(HttpServerRequest req, HttpServerResponse res, Caller caller) {
    Map<String, String> params = Requests.query(req.uri());
    boolean fromQuery = params.keySet().stream()
        .anyMatch(k -> List.of("start", "end", "AtAccountLevel", "SearchTime").contains(k));
    Mono<SessionQuery> query = fromQuery
        ? Mono.fromSupplier(() -> SessionQueryParser.fromParams(params, state.today()))
        : Requests.body(req).map(body -> SessionQueryParser.fromBody(body, state.today()));
    return query
        .doOnNext(q -> checkAccountAccess(q, caller))
        .publishOn(state.workers())
        .map(q -> days(caller.space(), q))
        .flatMap(days -> Json.send(res, 200, days));
  }

  private List<Map<String, Object>> days(String space, SessionQuery query) {
    Scope scope = new Scope(space, query.accountLevel());
    LocalDate firstSearchable = state.today().minusDays(SEARCHABLE_DAYS - 1L);
    List<Map<String, Object>> days = new ArrayList<>();
    for (LocalDate day = query.start(); !day.isAfter(query.end()); day = day.plusDays(1)) {
      DayStatus status = state.catalog().dayStatus(scope, day, query.hour(), state.config().shape());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("date", day.toString());
      json.put("count", status.count());
      json.put("size", status.sizeBytes());
      json.put("types", "ActivityTracker");
      json.put("searchable", day.isBefore(firstSearchable) || day.isAfter(state.today()) ? "None" : "All");
      days.add(json);
    }
    return days;
  }

  private void checkAccountAccess(SessionQuery query, Caller caller) {
    if (query.accountLevel() && state.config().noAccountAccess().contains(caller.user())) {
      throw ApiError.of(403, "forbidden_account", "user " + caller.user()
          + " may not read account-level events; send AtAccountLevel false or ask for account access");
    }
  }
}
