package dev.atconnector.sim.server;

import dev.atconnector.sim.auth.AuthHeaders;
import dev.atconnector.sim.auth.TokenStore;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The UAA token endpoint (reference A.8, B.2 "Token (UAA)"): client {@code cf} with an empty secret, grant types
 * {@code password} (username {@code apikey}, password the API key) and {@code refresh_token}. Errors in UAA's form.
 */
final class TokenRoute {
  private static final Logger LOG = LoggerFactory.getLogger(TokenRoute.class);
  private static final String SCOPE = "cloud_controller.read cloud_controller.write openid";

  private final TokenStore tokens;

  TokenRoute(TokenStore tokens) {
    this.tokens = tokens;
  }

  Mono<Void> token(HttpServerRequest req, HttpServerResponse res) {
    if (!AuthHeaders.isCfClient(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
      throw badCredentials();
    }
    return Requests.body(req).flatMap(body -> {
      Map<String, String> form = Requests.form(body);
      TokenStore.Issued issued = grant(form);
      LOG.info("token issued for {} (grant {}, jti {})", issued.user(), form.get("grant_type"), issued.jti());
      res.header(HttpHeaderNames.CACHE_CONTROL, "no-store");
      return Json.send(res, 200, answer(issued));
    });
  }

  private TokenStore.Issued grant(Map<String, String> form) {
    String grantType = form.get("grant_type");
    if (grantType == null || grantType.isBlank()) {
      throw ApiError.uaa(400, "invalid_request", "Missing grant type");
    }
    switch (grantType) {
      case "password":
        return password(form);
      case "refresh_token":
        Optional<TokenStore.Issued> refreshed = Optional.ofNullable(form.get("refresh_token"))
            .flatMap(tokens::refresh);
        return refreshed.orElseThrow(() -> ApiError.uaa(401, "invalid_token", "Invalid refresh token"));
      default:
        throw ApiError.uaa(400, "unsupported_grant_type",
            "Unsupported grant type: " + Router.shorten(grantType) + "; use password or refresh_token");
    }
  }

  private TokenStore.Issued password(Map<String, String> form) {
    String password = form.get("password");
    if (!"apikey".equals(form.get("username")) || password == null) {
      throw badCredentials();
    }
    return tokens.userOfApiKey(password).map(tokens::issue).orElseThrow(TokenRoute::badCredentials);
  }

  private Map<String, Object> answer(TokenStore.Issued issued) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", issued.accessToken());
    json.put("token_type", "bearer");
    json.put("refresh_token", issued.refreshToken());
    json.put("expires_in", tokens.lifetime().toSeconds());
    json.put("scope", SCOPE);
    json.put("jti", issued.jti());
    return json;
  }

  private static ApiError badCredentials() {
    return ApiError.uaa(401, "unauthorized", "Bad credentials");
  }
}
