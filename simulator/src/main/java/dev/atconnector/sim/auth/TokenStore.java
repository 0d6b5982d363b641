package dev.atconnector.sim.auth;

import dev.atconnector.sim.server.ApiError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens the simulator accepts: static ones from the configuration, and those its UAA endpoint issues, which
 * expire after the configured lifetime. A token can also be expired on purpose (the mid-download fault). Thread-safe.
 * Token values are secrets: they never appear in a message or a log.
 */
public final class TokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> staticTokens;
  private final Map<String, String> apiKeys;
  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Set<String> expiredOnPurpose = ConcurrentHashMap.newKeySet();

  /** An access token the UAA endpoint handed out. */
  public record Issued(String accessToken, String refreshToken, String user, Instant expiresAt, String jti) {
    @Override
    public String toString() {
      return "Issued[user=" + user + ", expiresAt=" + expiresAt + ", jti=" + jti + "]";
    }
  }

  public TokenStore(Map<String, String> staticTokens, Map<String, String> apiKeys, Duration lifetime, Clock clock) {
    this.staticTokens = Map.copyOf(staticTokens);
    this.apiKeys = Map.copyOf(apiKeys);
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Duration lifetime() {
    return lifetime;
  }

  /**
   * The user a token belongs to.
   *
   * @throws ApiError 401 invalid_token for an unknown token, 401 token_expired for an expired one
   */
  public String userOf(String token) {
    if (expiredOnPurpose.contains(token)) {
      throw expired();
    }
    String user = staticTokens.get(token);
    if (user != null) {
      return user;
    }
    Issued entry = issued.get(token);
    if (entry == null) {
      throw ApiError.of(401, "invalid_token", "the X-Auth-Token is not known; get a token from the token endpoint");
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      throw expired();
    }
    return entry.user();
  }

  private static ApiError expired() {
    return ApiError.of(401, "token_expired", "the X-Auth-Token has expired; refresh it at the token endpoint");
  }

  /** The user of an API key, if the key is known. */
  public Optional<String> userOfApiKey(String apiKey) {
    return Optional.ofNullable(apiKeys.get(apiKey));
  }

  /** Issues a new access token (and refresh token) for the user. */
  public Issued issue(String user) {
    String refresh = randomToken();
    refreshTokens.put(refresh, user);
    return issueAccess(user, refresh);
  }

  /** Issues a new access token for the refresh token's user; the refresh token stays valid. */
  public Optional<Issued> refresh(String refreshToken) {
    String user = refreshTokens.get(refreshToken);
    return user == null ? Optional.empty() : Optional.of(issueAccess(user, refreshToken));
  }

  private Issued issueAccess(String user, String refresh) {
    Issued entry = new Issued(randomToken(), refresh, user, clock.instant().plus(lifetime),
        java.util.UUID.randomUUID().toString().replace("-", ""));
    issued.put(entry.accessToken(), entry);
    return entry;
  }

  /** Expires the token now: from then on it is answered 401 token_expired. */
  public void expire(String token) {
    expiredOnPurpose.add(token);
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
