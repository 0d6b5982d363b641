package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.InputStream;
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
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(SecuredElasticsearch.class);
  /** The file-realm user holding the built-in {@code superuser} role, for set-up and assertions. */
  public static final String SUPERUSER = "es-admin";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);

  private final LocalElasticsearch node;
  private final Path caCert;
  private final String caFingerprint;
  private final SSLContext ssl;
  private final String superPassword;
  private final RunAs runAs;
  private final Map<String, String> users = new TreeMap<>();
  private final Map<String, List<String>> usersRoles = new TreeMap<>();
  private final Map<String, String> roles = new TreeMap<>();

  private SecuredElasticsearch(LocalElasticsearch node, Path caCert, SSLContext ssl, String superPassword,
      Map<String, String> usersHashes, RunAs runAs) {
    this.node = node;
    this.caCert = caCert;
    this.caFingerprint = fingerprint(caCert);
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
    Path certs = certificates(home, Path.of(workDir.toAbsolutePath().normalize() + "-certs"));
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
    SSLContext ssl = trusting(ca);
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
    StringBuilder rolesYml = new StringBuilder();
    // JSON is YAML: one flow mapping per role
    roles.forEach((name, descriptor) -> rolesYml.append(name).append(": ").append(descriptor).append('\n'));
    write("roles.yml", rolesYml.toString());
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
    while (System.nanoTime() < deadline) {
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

  /** The CA ({@code ca/ca.crt}, {@code ca/ca.key}) and node certificate ({@code node/node.*}) under {@code dir}. */
  private static Path certificates(Path home, Path dir) {
    Path ca = dir.resolve("ca/ca.crt");
    Path nodeCert = dir.resolve("node/node.crt");
    if (Files.isRegularFile(ca) && Files.isRegularFile(nodeCert) && Files.isRegularFile(dir.resolve("node/node.key"))) {
      return dir;
    }
    long t0 = System.nanoTime();
    try {
      Distribution.deleteTree(dir);
      Files.createDirectories(dir);
      certutil(home, dir, "ca", "--pem", "--silent", "--out", dir.resolve("ca.zip").toString());
      unzip(dir.resolve("ca.zip"), dir);
      certutil(home, dir, "cert", "--pem", "--silent", "--ca-cert", ca.toString(), "--ca-key",
          dir.resolve("ca/ca.key").toString(), "--ip", "127.0.0.1", "--name", "node", "--out",
          dir.resolve("node.zip").toString());
      unzip(dir.resolve("node.zip"), dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make certificates in " + dir, e);
    }
    LOG.info("elasticsearch-certutil made a CA and a node certificate in {} ({} ms)", dir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return dir;
  }

  /** Runs {@code bin/elasticsearch-certutil} (a JVM tool; it may run as root, unlike the server). */
  private static void certutil(Path home, Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", home.resolve("bin/elasticsearch-certutil").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("certutil.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ES_") || k.endsWith("JAVA_OPTIONS")
        || k.equals("JAVA_OPTS") || k.equals("JAVA_HOME"));
    pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("ES_PATH_CONF", home.resolve("config").toString());
    Process p = pb.start();
    try {
      if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("elasticsearch-certutil " + args[0] + " took over " + TOOL_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("elasticsearch-certutil " + String.join(" ", args) + " failed with "
          + p.exitValue() + ": " + WorkDirs.tail(dir.resolve("certutil.log"), 20));
    }
  }

  private static void unzip(Path zip, Path dir) throws IOException {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zf.entries())) {
        Path out = dir.resolve(e.getName()).normalize();
        if (!out.startsWith(dir)) {
          throw new IOException("zip entry escapes " + dir + ": " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          try (InputStream in = zf.getInputStream(e)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
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

  static String fingerprint(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read certificate " + pem, e);
    }
  }

  static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + pem, e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
