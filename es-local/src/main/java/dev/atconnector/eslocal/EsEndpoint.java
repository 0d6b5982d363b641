package dev.atconnector.eslocal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an Elasticsearch cluster answers, and how to authenticate to it.
 *
 * <p>{@code username}/{@code password} (basic auth) and {@code apiKey} are optional and mutually
 * exclusive; each may be {@code null}. {@link #toString()} never shows a secret.
 *
 * @param uri base URI, {@code http} or {@code https}, without user info
 * @param username basic-auth user, or {@code null}
 * @param password basic-auth password, or {@code null}
 * @param apiKey an encoded API key (the {@code encoded} value Elasticsearch returns), or {@code null}
 */
public record EsEndpoint(URI uri, String username, String password, String apiKey) {

  /** Environment variable naming an external cluster, e.g. {@code https://es.example:9200}. */
  public static final String ENV_URL = "ES_URL";
  public static final String ENV_USERNAME = "ES_USERNAME";
  public static final String ENV_PASSWORD = "ES_PASSWORD";
  public static final String ENV_API_KEY = "ES_API_KEY";

  public EsEndpoint {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "Elasticsearch URI must start with http:// or https://, got '" + uri + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Elasticsearch URI has no host: '" + uri + "'");
    }
    if (uri.getRawUserInfo() != null) {
      // the URI gets logged; credentials belong in ES_USERNAME/ES_PASSWORD or ES_API_KEY
      throw new IllegalArgumentException(
          "Elasticsearch URI must not contain credentials; set " + ENV_USERNAME + "/" + ENV_PASSWORD
              + " or " + ENV_API_KEY + " instead");
    }
    username = blankToNull(username);
    password = blankToNull(password);
    apiKey = blankToNull(apiKey);
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "basic auth needs both " + ENV_USERNAME + " and " + ENV_PASSWORD + " (only one is set)");
    }
    if (username != null && apiKey != null) {
      throw new IllegalArgumentException(
          "set either " + ENV_USERNAME + "/" + ENV_PASSWORD + " or " + ENV_API_KEY + ", not both");
    }
  }

  /** An endpoint without authentication. */
  public static EsEndpoint of(URI uri) {
    return new EsEndpoint(uri, null, null, null);
  }

  /**
   * The external cluster named by {@code ES_URL} (plus {@code ES_USERNAME}/{@code ES_PASSWORD} or
   * {@code ES_API_KEY}) in {@code env}, or empty when {@code ES_URL} is unset or blank.
   */
  public static Optional<EsEndpoint> fromEnvironment(Map<String, String> env) {
    String url = blankToNull(env.get(ENV_URL));
    if (url == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_URL + " is not a valid URI: " + e.getMessage(), e);
    }
    return Optional.of(
        new EsEndpoint(uri, env.get(ENV_USERNAME), env.get(ENV_PASSWORD), env.get(ENV_API_KEY)));
  }

  /**
   * The inverse of {@link #fromEnvironment}: {@code ES_URL} plus this endpoint's credential ({@code ES_API_KEY}, else
   * {@code ES_USERNAME}/{@code ES_PASSWORD}, as {@link #authorizationHeader()} chooses), for a process under test.
   * Mutable, so a caller can add its own variables.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put(ENV_URL, uri.toString());
    if (apiKey != null) {
      env.put(ENV_API_KEY, apiKey);
    } else if (username != null) {
      env.put(ENV_USERNAME, username);
      env.put(ENV_PASSWORD, password);
    }
    return env;
  }

  /** The {@code Authorization} header value for this endpoint, if it has credentials. */
  public Optional<String> authorizationHeader() {
    if (apiKey != null) {
      return Optional.of("ApiKey " + apiKey);
    }
    if (username != null) {
      String pair = username + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** Host name or address of {@link #uri()}. */
  public String host() {
    return uri.getHost();
  }

  /** Port of {@link #uri()}, defaulting to 80/443 by scheme. */
  public int port() {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public String toString() {
    String auth = apiKey != null ? "apiKey" : username != null ? "basic(" + username + ")" : "none";
    return "EsEndpoint[uri=" + uri + ", auth=" + auth + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
