package dev.atconnector.sim.server;

import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.ExpectedEvents;
import dev.atconnector.sim.events.Scope;
import dev.atconnector.sim.session.SessionLogEntry;
import dev.atconnector.sim.session.SessionQuery;
import dev.atconnector.sim.session.SessionQueryParser;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Introspection and control for tests and demos, no auth: {@code GET /_sim/stats}, {@code GET /_sim/expected},
 * {@code POST /_sim/events} (add late events), {@code POST /_sim/scenario} (add a scenario of fixed events) and {@code GET /_sim/sessions/log}.
 */
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
    String space = requireSpace(params);
    boolean ids = flag(params, "ids");
    Map<String, String> fields = new HashMap<>();
    putIfPresent(fields, "start", params.get("start"));
    putIfPresent(fields, "end", params.get("end"));
    putIfPresent(fields, "AtAccountLevel", params.get("account"));
    putIfPresent(fields, "SearchTime", params.get("hour"));
    SessionQuery query = SessionQueryParser.fromParams(fields, state.today());
    return Mono.fromCallable(() -> state.catalog().expected(state.spec(space, query)))
        .subscribeOn(state.workers())
        .flatMap(expected -> Json.send(res, 200, render(expected, ids)));
  }

  /**
   * {@code ?days=YYYY-MM-DD,...}: downloads of a session holding one of these days are garbled from now on (a
   * poison window); no days (or {@code days=}) lifts the fault. Answers {@code {"days":[...]}}.
   */
  Mono<Void> poison(HttpServerRequest req, HttpServerResponse res) {
    String given = Requests.query(req.uri()).getOrDefault("days", "");
    List<LocalDate> days = new java.util.ArrayList<>();
    for (String d : given.split(",")) {
      if (!d.isBlank()) {
        days.add(day(d.strip()));
      }
    }
    state.poisonDays(days);
    return Json.send(res, 200, Map.of("days", state.poisonDays().stream().map(LocalDate::toString).toList()));
  }

  /** {@code ?space=&account=&day=&count=}: adds late events to a day; day defaults to today, account to false. */
  Mono<Void> addEvents(HttpServerRequest req, HttpServerResponse res) {
    Map<String, String> params = Requests.query(req.uri());
    String space = requireSpace(params);
    boolean account = flag(params, "account");
    LocalDate day = day(params.get("day"));
    int count = count(params.get("count"));
    Scope scope = new Scope(space, account);
    long total;
    try {
      total = state.catalog().addEvents(scope, day, count);
    } catch (IllegalArgumentException e) {
      throw ApiError.of(400, "invalid_parameter", e.getMessage());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("space", space);
    json.put("account", account);
    json.put("day", day.toString());
    json.put("added", count);
    json.put("addedTotal", state.catalog().addedEvents(scope, day));
    json.put("count", total);
    return Json.send(res, 200, json);
  }

  /** {@code ?name=security&space=&start=}: adds a scenario of fixed events; start defaults to two days ago. */
  Mono<Void> addScenario(HttpServerRequest req, HttpServerResponse res) {
    Map<String, String> params = Requests.query(req.uri());
    String space = requireSpace(params);
    String name = params.getOrDefault("name", "");
    LocalDate start = params.get("start") == null ? state.today().minusDays(2) : day(params.get("start"));
    List<EventCatalog.ScenarioEntry> events;
    try {
      events = state.catalog().addScenario(name, space, start);
    } catch (IllegalArgumentException e) {
      throw ApiError.of(400, "invalid_parameter", "the query parameter 'name': " + e.getMessage());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("space", space);
    json.put("start", start.toString());
    json.put("count", events.size());
    json.put("events", events.stream().map(e -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("id", e.id());
      one.put("account", e.accountLevel());
      one.put("day", e.day().toString());
      one.put("time", String.format(Locale.ROOT, "%02d:%02d:%02d", e.hour(), e.millisOfHour() / 60_000,
          e.millisOfHour() / 1000 % 60));
      one.put("action", e.action());
      one.put("outcome", e.outcome());
      return one;
    }).collect(Collectors.toList()));
    return Json.send(res, 200, json);
  }

  Mono<Void> sessionLog(HttpServerResponse res) {
    List<Map<String, Object>> log = state.sessions().log().stream()
        .map(SessionLogEntry::toJson)
        .collect(Collectors.toList());
    return Json.send(res, 200, log);
  }

  private static String requireSpace(Map<String, String> params) {
    String space = params.get("space");
    if (space == null || space.isBlank()) {
      throw ApiError.of(400, "missing_parameter", "the query parameter 'space' is missing; send the space GUID");
    }
    return space.strip();
  }

  private LocalDate day(String value) {
    if (value == null || value.isBlank()) {
      return state.today();
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiError.of(400, "invalid_parameter", "the query parameter 'day' ('" + Router.shorten(value)
          + "') is not a date; use YYYY-MM-DD (a UTC day), or leave it out for today");
    }
  }

  private static int count(String value) {
    if (value == null || !value.strip().matches("\\d{1,9}") || Integer.parseInt(value.strip()) < 1) {
      throw ApiError.of(400, "invalid_parameter", "the query parameter 'count' ('"
          + (value == null ? "" : Router.shorten(value)) + "') must be a whole number of events, at least 1");
    }
    return Integer.parseInt(value.strip());
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
