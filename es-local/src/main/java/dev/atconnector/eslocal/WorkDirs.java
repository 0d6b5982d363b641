package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lays out (and, as root, hands over) the directories one Elasticsearch node writes to. */
final class WorkDirs {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);
  private static final List<String> RUN_STATE = List.of("data", "logs", "tmp", "console.log");

  private WorkDirs() {}

  /**
   * The directory a node uses.
   *
   * @param temporary true when it is a fallback temp dir that must be deleted after the node stops
   */
  record Prepared(Path dir, boolean temporary) {}

  /** Returns the directory to use: {@code workDir}, or a temp dir when the ES user cannot reach it. */
  static Prepared prepare(Path workDir, Path home, RunAs runAs, boolean wipe) {
    return prepare(workDir, home, runAs, wipe, Map.of());
  }

  /** As {@link #prepare(Path, Path, RunAs, boolean)}, writing {@code configFiles} into {@code config/} too. */
  static Prepared prepare(Path workDir, Path home, RunAs runAs, boolean wipe, Map<String, String> configFiles) {
    try {
      Path dir = workDir.toAbsolutePath().normalize();
      Files.createDirectories(dir);
      boolean temporary = false;
      if (!runAs.canTraverse(dir)) {
        Path tmp = Files.createTempDirectory("es-local-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        LOG.warn("uid {} (Elasticsearch refuses root) cannot enter {} or one of its parents;"
            + " using {} instead", RunAs.NOBODY, dir, tmp);
        dir = tmp;
        temporary = true;
      }
      if (wipe) {
        for (String name : RUN_STATE) {
          Distribution.deleteTree(dir.resolve(name));
        }
      }
      Distribution.deleteTree(dir.resolve("config"));
      copyTree(home.resolve("config"), dir.resolve("config"));
      for (Map.Entry<String, String> file : configFiles.entrySet()) {
        Path target = dir.resolve("config").resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      }
      for (String name : List.of("data", "logs", "tmp")) {
        Files.createDirectories(dir.resolve(name));
      }
      // a stale ports file would make us connect to the previous run's (dead) port
      Files.deleteIfExists(dir.resolve("logs/http.ports"));
      runAs.own(dir);
      return new Prepared(dir, temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Elasticsearch work dir " + workDir, e);
    }
  }

  /** Deletes a fallback temp dir; a failure is logged, not thrown, as the node already stopped. */
  static void cleanUp(Prepared prepared) {
    if (!prepared.temporary()) {
      return;
    }
    try {
      Distribution.deleteTree(prepared.dir());
    } catch (IOException e) {
      LOG.warn("could not delete Elasticsearch temp dir {}: {}", prepared.dir(), e.toString());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The last {@code lines} lines of a log file (reads at most its last 64 KiB). */
  static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(" + file + " does not exist)";
    }
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      int len = (int) Math.min(size, 64 * 1024);
      ByteBuffer buf = ByteBuffer.allocate(len);
      ch.position(size - len);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // keep reading until the buffer is full or the file ends
      }
      String[] all = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\\R");
      return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
