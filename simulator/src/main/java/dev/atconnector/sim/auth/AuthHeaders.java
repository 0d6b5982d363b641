package dev.atconnector.sim.auth;

import dev.atconnector.sim.server.ApiError;
import java.util.Base64;
import java.util.Locale;
import java.nio.charset.StandardCharsets;

/** Parsing of the v3 auth headers (reference A.8) and of the UAA client's Basic credentials. Pure functions. */
public final class AuthHeaders {
  public static final String TOKEN = "X-Auth-Token";
  public static final String PROJECT = "X-Auth-Project-Id";
  private static final String BEARER = "bearer";

  private AuthHeaders() {}

  /**
   * The token in an X-Auth-Token value: with or without a {@code bearer } prefix (any case).
   *
   * @throws ApiError 401 missing_token if the header is absent or holds no token
   */
  public static String token(String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      throw ApiError.of(401, "missing_token", "the X-Auth-Token header is missing; send X-Auth-Token: bearer <token>");
    }
    String value = headerValue.strip();
    if (value.length() >= BEARER.length()
        && value.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && (value.length() == BEARER.length() || Character.isWhitespace(value.charAt(BEARER.length())))) {
      value = value.substring(BEARER.length()).strip();
    }
    if (value.isEmpty()) {
      throw ApiError.of(401, "missing_token", "the X-Auth-Token header holds no token after 'bearer'");
    }
    return value;
  }

  /**
   * The space id in X-Auth-Project-Id.
   *
   * @throws ApiError 400 missing_header if absent or blank
   */
  public static String project(String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      throw ApiError.of(400, "missing_header", "the X-Auth-Project-Id header is missing; send the space GUID");
    }
    return headerValue.strip();
  }

  /** True if an Authorization value is Basic credentials for client {@code cf} with an empty secret. */
  public static boolean isCfClient(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.strip();
    if (!value.toLowerCase(Locale.ROOT).startsWith("basic ")) {
      return false;
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(value.substring(6).strip());
      return "cf:".equals(new String(decoded, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return false; // not Base64: not the cf client
    }
  }
}
