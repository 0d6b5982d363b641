package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and authenticate to Elasticsearch, validated: at most one credential (basic auth, API key or bearer
 * token), and for https either the JDK's trust store, a CA certificate file, or a pinned SHA-256 certificate
 * fingerprint. TLS is always verified; there is no switch to turn verification off.
 *
 * @param urls every host of the cluster, at least one; the client spreads requests over them and skips one that
 *     does not answer. Same scheme and path for all; https means TLS.
 * @param username basic-auth user (with {@code password})
 * @param password basic-auth password
 * @param apiKey an API key, sent as {@code Authorization: ApiKey <key>} (the base64 {@code id:key} ES returns as
 *     {@code encoded})
 * @param bearerToken an OAuth2/JWT/service token, sent as {@code Authorization: Bearer <token>}
 * @param caCert PEM file with the CA certificate(s) to trust instead of the JDK's trust store
 * @param caFingerprint SHA-256 of a certificate in the server's chain (the CA, or the server's own certificate), as
 *     64 lower-case hex digits
 * @param compress gzip request bodies
 */
public record EsAccess(
    List<URI> urls,
    Optional<String> username,
    Optional<Secret> password,
    Optional<Secret> apiKey,
    Optional<Secret> bearerToken,
    Optional<Path> caCert,
    Optional<String> caFingerprint,
    boolean compress) {

  /** What a credential is, for messages. */
  public enum Kind { NONE, BASIC, API_KEY, BEARER }

  /** One host. */
  public EsAccess(URI url, Optional<String> username, Optional<Secret> password, Optional<Secret> apiKey,
      Optional<Secret> bearerToken, Optional<Path> caCert, Optional<String> caFingerprint, boolean compress) {
    this(List.of(url), username, password, apiKey, bearerToken, caCert, caFingerprint, compress);
  }

  public EsAccess {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new ConfigException("--es-url (ES_URL) or --es-cloud-id (ES_CLOUD_ID) is required");
    }
    URI url = urls.get(0);
    for (URI other : urls) {
      if (!other.getScheme().equalsIgnoreCase(url.getScheme()) || !path(other).equals(path(url))) {
        throw new ConfigException("--es-url (ES_URL) hosts " + url + " and " + other + " differ in scheme or path: "
            + "give the hosts of one cluster, all http or all https, with the same path");
      }
    }
    if (password.isPresent() && username.isEmpty()) {
      throw new ConfigException("ES_PASSWORD is set but ES_USERNAME (--es-username) is not: set both, or use "
          + "ES_API_KEY");
    }
    int credentials = (password.isPresent() ? 1 : 0) + (apiKey.isPresent() ? 1 : 0)
        + (bearerToken.isPresent() ? 1 : 0);
    if (credentials > 1) {
      throw new ConfigException("more than one Elasticsearch credential is set (" + setNames(password, apiKey,
          bearerToken) + "): choose one way to authenticate");
    }
    apiKey.ifPresent(EsAccess::checkApiKey);
    caFingerprint = caFingerprint.map(EsAccess::fingerprint);
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    if (caCert.isPresent() && caFingerprint.isPresent()) {
      throw new ConfigException("both --es-ca-cert (ES_CA_CERT) and ES_CA_FINGERPRINT are set: give one way to "
          + "trust the Elasticsearch certificate");
    }
    if (!https && (caCert.isPresent() || caFingerprint.isPresent())) {
      throw new ConfigException((caCert.isPresent() ? "--es-ca-cert (ES_CA_CERT)" : "ES_CA_FINGERPRINT")
          + " is set but --es-url (ES_URL) " + url + " is plain http: use an https:// URL so the certificate is "
          + "checked");
    }
  }

  /** The first host: the one messages name. */
  public URI url() {
    return urls.get(0);
  }

  private static String path(URI u) {
    return u.getPath() == null || u.getPath().equals("/") ? "" : u.getPath();
  }

  public Kind kind() {
    return password.isPresent() ? Kind.BASIC : apiKey.isPresent() ? Kind.API_KEY
        : bearerToken.isPresent() ? Kind.BEARER : Kind.NONE;
  }

  /**
   * The credential in use, for error messages: its kind and where it came from, never its value, e.g.
   * {@code the API key from ES_API_KEY_FILE=/run/secrets/es}.
   */
  public String credential() {
    return switch (kind()) {
      case BASIC -> "the password of user '" + username.orElseThrow() + "'" + from(password.orElseThrow());
      case API_KEY -> "the API key" + from(apiKey.orElseThrow());
      case BEARER -> "the bearer token" + from(bearerToken.orElseThrow());
      case NONE -> "no credential (none of ES_API_KEY, ES_USERNAME/ES_PASSWORD, ES_BEARER_TOKEN is set)";
    };
  }

  /**
   * An API key is either {@code id:api_key} (the two fields Elasticsearch answers, as Beats and Logstash take it) or
   * the base64 {@code encoded} value; anything else is refused naming where it came from, never showing it.
   */
  private static void checkApiKey(Secret key) {
    String k = key.reveal().strip();
    if (!k.matches("[^:\\s]+:[^:\\s]+") && !k.matches("[A-Za-z0-9+/_-]+={0,2}")) {
      throw new ConfigException("the Elasticsearch API key" + (key.origin().isEmpty() ? " (ES_API_KEY)"
          : " from " + key.origin()) + " is neither id:api_key nor the base64 encoded key: give the 'id' and "
          + "'api_key' of the create-API-key answer joined by a colon, or its 'encoded' value");
    }
  }

  /**
   * Checks and normalises a certificate fingerprint as Elasticsearch prints it at first start: 64 hex digits of
   * SHA-256, upper or lower case, colons optional.
   */
  static String fingerprint(String raw) {
    String hex = raw.strip().replace(":", "").toLowerCase(Locale.ROOT);
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new ConfigException("ES_CA_FINGERPRINT must be the SHA-256 fingerprint of the CA (or server) "
          + "certificate: 64 hex digits, colons optional, as Elasticsearch prints it at first start (got "
          + hex.length() + " characters)");
    }
    return hex;
  }

  private static String from(Secret secret) {
    return secret.origin().isEmpty() ? "" : " from " + secret.origin();
  }

  private static String setNames(Optional<Secret> password, Optional<Secret> apiKey, Optional<Secret> bearer) {
    StringBuilder b = new StringBuilder();
    password.ifPresent(s -> b.append(name(s, "ES_PASSWORD")));
    apiKey.ifPresent(s -> b.append(b.isEmpty() ? "" : ", ").append(name(s, "ES_API_KEY")));
    bearer.ifPresent(s -> b.append(b.isEmpty() ? "" : ", ").append(name(s, "ES_BEARER_TOKEN")));
    return b.toString();
  }

  private static String name(Secret s, String fallback) {
    return s.origin().isEmpty() ? fallback : s.origin();
  }
}
