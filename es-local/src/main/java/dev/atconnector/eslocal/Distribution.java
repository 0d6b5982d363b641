package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Elasticsearch home directory. The es-local build unpacks Maven Central's integ-test-zip
 * to {@code es-local/target/dist} and records that path (and the zip's path in the local Maven
 * repository) in {@code es-local.properties}; system properties {@code es.local.home} and
 * {@code es.local.zip} override them. When the unpacked home is missing or unreachable for the
 * user Elasticsearch runs as, the zip is unpacked once into the temp directory instead.
 */
final class Distribution {
  private static final Logger LOG = LoggerFactory.getLogger(Distribution.class);
  private static final String PROPERTIES = "es-local.properties";

  private Distribution() {}

  /** The Elasticsearch version the build ships. */
  static String version() {
    return buildProperties().getProperty("version");
  }

  /** A home directory the given user can run, unpacking the zip to a temp dir if needed. */
  static Path home(RunAs runAs) {
    Properties props = buildProperties();
    Path home = Path.of(System.getProperty("es.local.home", props.getProperty("home")));
    if (isHome(home) && runAs.canTraverse(home) && runAs.canRead(home.resolve("bin/elasticsearch"))) {
      return home;
    }
    Path zip = Path.of(System.getProperty("es.local.zip", props.getProperty("zip")));
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException("No Elasticsearch distribution: neither " + home
          + " nor " + zip + " exists. Build es-local first (./mvnw -pl es-local package), which"
          + " fetches org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
          + props.getProperty("version") + ":zip, or set -Des.local.home=DIR.");
    }
    Path tmpHome = Path.of(System.getProperty("java.io.tmpdir"))
        .resolve("es-local-dist-" + props.getProperty("version"));
    LOG.warn("Elasticsearch home {} is missing or not reachable by uid {}; using {} unpacked from {}",
        home, RunAs.NOBODY, tmpHome, zip);
    return unpackOnce(zip, tmpHome, props.getProperty("version"));
  }

  private static boolean isHome(Path home) {
    return Files.isRegularFile(home.resolve("bin/elasticsearch"))
        && Files.isDirectory(home.resolve("lib"));
  }

  /** Unpacks into a scratch dir, then renames it into place so concurrent JVMs never see half. */
  private static Path unpackOnce(Path zip, Path target, String version) {
    Path home = target.resolve("elasticsearch-" + version);
    if (isHome(home)) {
      return home;
    }
    try {
      Path scratch = Files.createTempDirectory(target.getParent(), "es-local-unpack-");
      unzip(zip, scratch);
      Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another JVM won the race (or the dir exists from an older, broken attempt)
        deleteTree(scratch);
      } catch (IOException e) {
        deleteTree(scratch);
        if (!isHome(home)) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + target, e);
    }
    if (!isHome(home)) {
      throw new IllegalStateException(target + " exists but holds no Elasticsearch " + version
          + "; delete it and retry");
    }
    return home;
  }

  private static void unzip(Path zip, Path dir) throws IOException {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = zf.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = dir.resolve(entry.getName()).normalize();
        if (!out.startsWith(dir)) {
          throw new IOException("zip entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zf.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        // java.util.zip drops Unix modes; scripts and native libraries need the execute bit
        boolean exec = entry.getName().contains("/bin/") || entry.getName().endsWith(".so");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Reads {@code key=value} lines by hand: {@link Properties#load} would treat the backslashes of
   * Windows paths as escapes.
   */
  private static Properties buildProperties() {
    Properties props = new Properties();
    try (InputStream in = Distribution.class.getResourceAsStream(PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException(PROPERTIES + " is missing from the es-local classpath;"
            + " build the es-local module with Maven");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\\R")) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          props.setProperty(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROPERTIES, e);
    }
    return props;
  }
}
