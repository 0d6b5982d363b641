package dev.atconnector.ingest.assets;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root directory, found from the test's working directory (a module directory, or the root). */
final class Repo {
  private Repo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("connector"))) {
        return p;
      }
    }
    throw new IllegalStateException("no at-connector checkout (a directory with mvnw and connector/) at or above "
        + dir);
  }
}
