package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The secured node's CA and certificate, made by the distribution's {@code bin/elasticsearch-certutil}. */
final class NodeCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCertificates.class);
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);

  private NodeCertificates() {}

  /** The CA ({@code ca/ca.crt}, {@code ca/ca.key}) and node certificate ({@code node/node.*}) under {@code dir}. */
  static Path make(Path home, Path dir) {
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
    pb.environment().put("CLI_JAVA_OPTS", LocalElasticsearch.LAUNCHER_JAVA_OPTS);
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

}
