package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.SSLContext;

/**
 * A {@link LocalElasticsearch} with security on: TLS on HTTP with a CA and a node certificate made by
 * {@code bin/elasticsearch-certutil} (the node certificate names only the IP {@code 127.0.0.1}, so connecting as
 * {@code localhost} is a host-name mismatch), and file-realm users and roles ({@code config/users},
 * {@code users_roles}, {@code roles.yml}).
 *
 * <p>The integ-test distribution cannot create its {@code .security} index (it lacks the analysis module that index
 * needs), so API keys, native users and native roles do not work here; the file realm does. Users and roles are
 * added while the node runs ({@link #addUser}): Elasticsearch re-reads those files every second
 * ({@code resource.reload.interval.high}), and {@code addUser} waits until the user authenticates with its role.
 *
 * <p>The certificates are made once per work directory ({@code <workDir>-certs}) and reused by later runs.
 */
public final class SecuredElasticsearch implements AutoCloseable {
  /** The file-realm user holding the built-in {@code superuser} role, for set-up and assertions. */
  public static final String SUPERUSER = "es-admin";
  private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(90);
  /** How long a written file may go unseen before it is written again (a file watcher can miss a change). */
  private static final Duration REWRITE_AFTER = Duration.ofSeconds(6);

  private final LocalElasticsearch node;
  private final Path caCert;
  private final String caFingerprint;
  private final SSLContext ssl;
  private final String superPassword;
  private final RunAs runAs;
  private final Map<String, String> users = new TreeMap<>();
  private final Map<String, List<String>> usersRoles = new TreeMap<>();
  private final Map<String, String> roles = new TreeMap<>();
  /** Bumped in the awaited role's metadata each time roles.yml is written again (see {@link #awaitRole}). */
  private int rewrites;

  private SecuredElasticsearch(LocalElasticsearch node, Path caCert, SSLContext ssl, String superPassword,
      Map<String, String> usersHashes, RunAs runAs) {
    this.node = node;
    this.caCert = caCert;
    this.caFingerprint = NodeCertificates.fingerprint(caCert);
    this.ssl = ssl;
    this.superPassword = superPassword;
    this.runAs = runAs;
    this.users.putAll(usersHashes);
    this.usersRoles.put("superuser", new ArrayList<>(List.of(SUPERUSER)));
  }

  /**
   * Makes (or reuses) the certificates, then starts a secured node under {@code workDir} with {@code options}
   * (whose settings, config files and access are extended here) and waits until the superuser sees it healthy.
   */
  public static SecuredElasticsearch start(Path workDir, LocalElasticsearch.Options options) {
    RunAs runAs = RunAs.detect();
    Path home = Distribution.home(runAs);
    Path certs = NodeCertificates.make(home, Path.of(workDir.toAbsolutePath().normalize() + "-certs"));
    String password = randomPassword();
    String superHash = SUPERUSER + ":" + pbkdf2(password);
    Map<String, String> files = new LinkedHashMap<>(options.configFiles());
    Path ca = certs.resolve("ca/ca.crt");
    files.put("certs/ca.crt", read(ca));
    // the chain with its CA, as Elasticsearch's auto-configured HTTP certificate: a client pinning the CA's
    // fingerprint finds it in the chain
    files.put("certs/node.crt", read(certs.resolve("node/node.crt")) + read(ca));
    files.put("certs/node.key", read(certs.resolve("node/node.key")));
    files.put("users", superHash + "\n");
    files.put("users_roles", "superuser:" + SUPERUSER + "\n");
    files.put("roles.yml", "");
    Map<String, String> settings = new LinkedHashMap<>(options.extraSettings());
    settings.put("xpack.security.enabled", "true");
    settings.put("xpack.security.autoconfiguration.enabled", "false");
    settings.put("xpack.security.http.ssl.enabled", "true");
    settings.put("xpack.security.http.ssl.key", "certs/node.key");
    settings.put("xpack.security.http.ssl.certificate", "certs/node.crt");
    settings.put("xpack.security.http.ssl.certificate_authorities", "certs/ca.crt");
    // users and roles added by tests take effect within a second, not five
    settings.put("resource.reload.interval.high", "1s");
    SSLContext ssl = NodeCertificates.trusting(ca);
    LocalElasticsearch node = LocalElasticsearch.start(workDir, options.withExtraSettings(settings)
        .withConfigFiles(files).withAccess(new LocalElasticsearch.Access(ssl, SUPERUSER, password)));
    return new SecuredElasticsearch(node, ca, ssl, password, Map.of(SUPERUSER, superHash), runAs);
  }

  /** {@code https://127.0.0.1:PORT}. */
  public URI uri() {
    return node.uri();
  }

  /** The CA certificate (PEM) that signed the node's certificate. */
  public Path caCert() {
    return caCert;
  }

  /** SHA-256 of the CA certificate, 64 lower-case hex digits (Elasticsearch prints it with colons). */
  public String caFingerprint() {
    return caFingerprint;
  }

  /** An SSL context trusting {@link #caCert()}. */
  public SSLContext sslContext() {
    return ssl;
  }

  /** The superuser's endpoint (basic auth). */
  public EsEndpoint superuser() {
    return endpoint(SUPERUSER, superPassword);
  }

  public EsEndpoint endpoint(String user, String password) {
    return new EsEndpoint(uri(), user, password, null);
  }

  public LocalElasticsearch node() {
    return node;
  }

  /**
   * Adds a file-realm user holding one role, defining the role (a role descriptor as JSON: {@code cluster},
   * {@code indices}, ...) in {@code roles.yml}, and waits until Elasticsearch authenticates the user with it.
   *
   * @throws IllegalArgumentException when the user or the role exists already with another definition
   */
  public synchronized EsEndpoint addUser(String user, String password, String role, String roleJson) {
    Objects.requireNonNull(roleJson, "roleJson");
    if (!user.matches("[a-zA-Z0-9_.-]+") || !role.matches("[a-zA-Z0-9_.-]+")) {
      throw new IllegalArgumentException("user and role names: letters, digits, _ . - only");
    }
    if (users.containsKey(user)) {
      throw new IllegalArgumentException("user " + user + " exists already");
    }
    String json = roleJson.strip().replace('\n', ' ');
    String known = roles.putIfAbsent(role, json);
    if (known != null && !known.equals(json)) {
      throw new IllegalArgumentException("role " + role + " exists already with another definition");
    }
    users.put(user, user + ":" + pbkdf2(password));
    usersRoles.computeIfAbsent(role, r -> new ArrayList<>()).add(user);
    write("roles.yml", rolesYml(role, 0));
    StringBuilder ur = new StringBuilder();
    usersRoles.forEach((name, members) -> ur.append(name).append(':').append(String.join(",", members)).append('\n'));
    write("users_roles", ur.toString());
    write("users", String.join("\n", users.values()) + "\n");
    EsEndpoint endpoint = endpoint(user, password);
    awaitRole(endpoint, role, !json.replaceAll("\\s", "").matches("\\{(\"[a-z_]+\":\\[\\],?)*}"));
    return endpoint;
  }

  /** Waits until {@code endpoint} authenticates with {@code role} and (when it grants any) its privileges show. */
  private void awaitRole(EsEndpoint endpoint, String role, boolean grantsSomething) {
    long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
    HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    String last = "";
    long rewriteAt = System.nanoTime() + REWRITE_AFTER.toNanos();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() > rewriteAt) {
        // seen even on a quiet machine: the user's roles were loaded but the role resolved to nothing for good. The
        // watcher reads users, users_roles and roles.yml in turn, so a request in between finds the role missing,
        // and Elasticsearch caches that miss; a roles.yml written again with the same text changes no role, so
        // nothing is invalidated. A new revision in the role's metadata changes its definition, which does.
        write("roles.yml", rolesYml(role, ++rewrites));
        rewriteAt = System.nanoTime() + REWRITE_AFTER.toNanos();
      }
      String auth = get(http, endpoint, "/_security/_authenticate");
      String privileges = auth.contains("\"" + role + "\"") ? get(http, endpoint, "/_security/user/_privileges") : "";
      if (auth.contains("\"" + role + "\"") && (!grantsSomething
          || !privileges.contains("\"cluster\":[],\"global\":[],\"indices\":[]"))) {
        return;
      }
      last = auth + " " + privileges;
      try {
        TimeUnit.MILLISECONDS.sleep(200); // polling a file watcher: there is nothing to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("Elasticsearch did not load user " + endpoint.username() + " with role " + role
        + " within " + RELOAD_TIMEOUT + "; last answer: " + last);
  }

  private static String get(HttpClient http, EsEndpoint endpoint, String path) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(endpoint.uri() + path))
        .timeout(Duration.ofSeconds(10)).GET();
    endpoint.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * roles.yml: every role as one JSON flow mapping (JSON is YAML); {@code revision > 0} puts it into {@code role}'s
   * metadata, so that the file changes that role's definition.
   */
  private String rolesYml(String role, int revision) {
    StringBuilder yml = new StringBuilder();
    roles.forEach((name, descriptor) -> yml.append(name).append(": ")
        .append(revision > 0 && name.equals(role) && !descriptor.contains("\"metadata\"")
            ? "{\"metadata\":{\"es_local_revision\":" + revision + "}"
                + (descriptor.replaceAll("\\s", "").equals("{}") ? "}" : "," + descriptor.substring(1))
            : descriptor)
        .append('\n'));
    return yml.toString();
  }

  /** Replaces a config file in one step, so the file watcher never reads half of it. */
  private void write(String name, String text) {
    Path config = node.workDir().resolve("config");
    try {
      Path tmp = Files.createTempFile(config, "." + name, ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      runAs.own(tmp);
      Files.move(tmp, config.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config.resolve(name), e);
    }
  }

  @Override
  public void close() {
    node.close();
  }

  /**
   * The file realm's PBKDF2 hash ({@code {PBKDF2}cost$salt$hash}, HMAC-SHA512, 256-bit key, 32-byte salt), what
   * {@code elasticsearch-users} writes with {@code xpack.security.authc.password_hashing.algorithm: pbkdf2}; made
   * here so adding a user needs no JVM tool run.
   */
  static String pbkdf2(String password) {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    try {
      byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256)).getEncoded();
      return "{PBKDF2}10000$" + Base64.getEncoder().encodeToString(salt) + "$"
          + Base64.getEncoder().encodeToString(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no PBKDF2WithHmacSHA512", e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
