package dev.atconnector.sim.server;

import dev.atconnector.sim.auth.AuthHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Locale;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Dispatches every request: known path and method to its handler, known path with another method to 405, anything
 * else to 404, each as a JSON error. For /v3 calls it applies the API-call faults, then authenticates (reference
 * A.8), then checks the space. Errors thrown before the response started are rendered; later ones close the stream.
 */
public final class Router implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  static final String SESSIONS = "/v3/sessions";
  static final String EVENTS = "/v3/events";
  static final String DOWNLOAD = "/v3/events/download";
  static final String TOKEN = "/UAALoginServerWAR/oauth/token";
  static final String STATS = "/_sim/stats";
  static final String EXPECTED = "/_sim/expected";
  static final String ADD_EVENTS = "/_sim/events";
  static final String SESSION_LOG = "/_sim/sessions/log";
  static final String SCENARIO = "/_sim/scenario";
  static final String POISON = "/_sim/poison";

  private interface ApiHandler {
    Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, Caller caller);
  }

  private final ServerState state;
  private final SessionRoutes sessions;
  private final DownloadRoute download;
  private final TokenRoute token;
  private final SimRoutes sim;

  public Router(ServerState state) {
    this.state = state;
    this.sessions = new SessionRoutes(state);
    this.download = new DownloadRoute(state);
    this.token = new TokenRoute(state.tokens());
    this.sim = new SimRoutes(state);
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
    return Mono.defer(() -> dispatch(Requests.path(req.uri()), req.method(), req, res))
        .onErrorResume(e -> !res.hasSentHeaders(), e -> Json.sendError(res, asApiError(e)));
  }

  private static ApiError asApiError(Throwable e) {
    if (e instanceof ApiError) {
      return (ApiError) e;
    }
    LOG.error("request failed", e);
    return ApiError.of(500, "internal_error", "the simulator failed: " + e.getClass().getSimpleName());
  }

  private Mono<Void> dispatch(String path, HttpMethod method, HttpServerRequest req, HttpServerResponse res) {
    switch (path) {
      case SESSIONS:
        if (HttpMethod.POST.equals(method)) {
          return api(true, req, res, sessions::create);
        }
        return HttpMethod.GET.equals(method) ? api(false, req, res, sessions::list) : notAllowed(path, method);
      case EVENTS:
        return HttpMethod.GET.equals(method) ? api(false, req, res, sessions::status) : notAllowed(path, method);
      case DOWNLOAD:
        return HttpMethod.GET.equals(method) ? api(false, req, res, download::download) : notAllowed(path, method);
      case TOKEN:
        return HttpMethod.POST.equals(method) ? token.token(req, res) : notAllowed(path, method);
      case STATS:
        return HttpMethod.GET.equals(method) ? sim.stats(res) : notAllowed(path, method);
      case EXPECTED:
        return HttpMethod.GET.equals(method) ? sim.expected(req, res) : notAllowed(path, method);
      case ADD_EVENTS:
        return HttpMethod.POST.equals(method) ? sim.addEvents(req, res) : notAllowed(path, method);
      case SCENARIO:
        return HttpMethod.POST.equals(method) ? sim.addScenario(req, res) : notAllowed(path, method);
      case POISON:
        return HttpMethod.POST.equals(method) ? sim.poison(req, res) : notAllowed(path, method);
      case SESSION_LOG:
        return HttpMethod.GET.equals(method) ? sim.sessionLog(res) : notAllowed(path, method);
      default:
        return sessionById(path, method, req, res);
    }
  }

  private Mono<Void> sessionById(String path, HttpMethod method, HttpServerRequest req, HttpServerResponse res) {
    String prefix = SESSIONS + "/";
    if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) >= 0) {
      throw ApiError.of(404, "not_found", "no such endpoint: " + shorten(path));
    }
    String id = path.substring(prefix.length());
    if (HttpMethod.GET.equals(method)) {
      return api(false, req, res, (rq, rs, caller) -> sessions.show(id, rs, caller));
    }
    if (HttpMethod.DELETE.equals(method)) {
      return api(false, req, res, (rq, rs, caller) -> {
        state.faultSchedule().beforeDelete();
        return sessions.delete(id, rs, caller);
      });
    }
    return notAllowed(SESSIONS + "/{id}", method);
  }

  private Mono<Void> api(boolean create, HttpServerRequest req, HttpServerResponse res, ApiHandler handler) {
    state.faultSchedule().beforeCall(create);
    return handler.handle(req, res, authenticate(req));
  }

  private Caller authenticate(HttpServerRequest req) {
    String token = AuthHeaders.token(req.requestHeaders().get(AuthHeaders.TOKEN));
    String user = state.tokens().userOf(token);
    String space = AuthHeaders.project(req.requestHeaders().get(AuthHeaders.PROJECT));
    if (!state.config().spaces().isEmpty() && !state.config().spaces().contains(space)) {
      throw ApiError.of(403, "forbidden_space",
          "user " + user + " has no access to space " + shorten(space) + "; use a space where Activity Tracker is");
    }
    return new Caller(user, space, token);
  }

  private static Mono<Void> notAllowed(String path, HttpMethod method) {
    throw ApiError.of(405, "method_not_allowed",
        method.name().toUpperCase(Locale.ROOT) + " is not allowed on " + path);
  }

  static String shorten(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
