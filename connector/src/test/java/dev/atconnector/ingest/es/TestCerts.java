package dev.atconnector.ingest.es;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/**
 * Test certificates made with the JDK's {@code keytool} (no Bouncy Castle): a CA, a server certificate for
 * 127.0.0.1/localhost signed by it, and an unrelated self-signed "rogue" key, all EC P-256 so generation is quick.
 */
public final class TestCerts {
  static final char[] PASSWORD = "changeit".toCharArray();

  public final Path dir;
  public final Path caPem;
  public final X509Certificate ca;
  public final X509Certificate server;
  public final X509Certificate rogue;
  private final PrivateKey serverKey;
  private final PrivateKey rogueKey;

  private TestCerts(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
    this.dir = dir;
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(keytool, "-genkeypair", "-keystore", "ca.p12", "-alias", "ca", "-dname", "CN=at-connector test CA",
        "-ext", "bc:c", "-validity", "2");
    keytool(keytool, "-genkeypair", "-keystore", "server.p12", "-alias", "server", "-dname", "CN=localhost",
        "-validity", "2");
    keytool(keytool, "-certreq", "-keystore", "server.p12", "-alias", "server", "-file", "server.csr");
    keytool(keytool, "-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile",
        "server.pem", "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
    keytool(keytool, "-exportcert", "-keystore", "ca.p12", "-alias", "ca", "-rfc", "-file", "ca.pem");
    keytool(keytool, "-genkeypair", "-keystore", "rogue.p12", "-alias", "rogue", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
    this.caPem = dir.resolve("ca.pem");
    KeyStore caStore = load("ca.p12");
    this.ca = (X509Certificate) caStore.getCertificate("ca");
    try (InputStream in = Files.newInputStream(dir.resolve("server.pem"))) {
      this.server = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
    }
    KeyStore raw = load("server.p12");
    this.serverKey = (PrivateKey) raw.getKey("server", PASSWORD);
    KeyStore rogueRaw = load("rogue.p12");
    this.rogue = (X509Certificate) rogueRaw.getCertificate("rogue");
    this.rogueKey = (PrivateKey) rogueRaw.getKey("rogue", PASSWORD);
  }

  private static TestCerts shared;

  /**
   * One set per test JVM, generated on first use under {@code target/} (six keytool runs take seconds on a busy
   * machine, so the test classes share them).
   */
  public static synchronized TestCerts shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createDirectories(Path.of("target"))
          .resolve("test-certs-" + Long.toHexString(System.nanoTime()));
      shared = new TestCerts(Files.createDirectories(dir));
    }
    return shared;
  }

  /** TLS for the real server: chain [server, CA]. */
  public SslContext serverTls() throws SSLException {
    return SslContextBuilder.forServer(serverKey, server, ca).build();
  }

  /**
   * TLS for a rogue server: its own self-signed key with the real (public) CA certificate appended to the chain,
   * which the CA never signed.
   */
  public SslContext rogueTls() throws SSLException {
    // a KeyStore refuses a chain that does not link up, so the rogue chain is served by a key manager of its own
    X509Certificate[] chain = {rogue, ca};
    return SslContextBuilder.forServer(new javax.net.ssl.X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket s) {
        return null;
      }

      @Override
      public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
        return new String[] {"rogue"};
      }

      @Override
      public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket s) {
        return "rogue";
      }

      @Override
      public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers,
          javax.net.ssl.SSLEngine engine) {
        return "EC".equals(keyType) ? "rogue" : null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return rogueKey;
      }
    }).build();
  }

  public static String sha256(X509Certificate cert) throws GeneralSecurityException {
    return HexFormat.of().formatHex(PinnedTrustManager.sha256(cert));
  }

  /** Upper case with colons, the way Elasticsearch prints it. */
  public static String colonFingerprint(X509Certificate cert) throws GeneralSecurityException {
    String hex = sha256(cert).toUpperCase(java.util.Locale.ROOT);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < hex.length(); i += 2) {
      pairs.add(hex.substring(i, i + 2));
    }
    return String.join(":", pairs);
  }

  private KeyStore load(String file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  private void keytool(String keytool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(keytool));
    command.addAll(List.of(args));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit", "-noprompt"));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: "
          + new String(output, StandardCharsets.UTF_8));
    }
  }
}
