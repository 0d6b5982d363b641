package dev.atconnector.eslocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who the Elasticsearch process runs as. Elasticsearch refuses to start as root, so when this JVM
 * is root (CI containers) it runs as {@code nobody} (uid/gid 65534) through {@code setpriv}; then
 * every directory it uses must be reachable by that uid.
 */
final class RunAs {
  static final int NOBODY = 65534;
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final boolean dropRoot;

  private RunAs(boolean dropRoot) {
    this.dropRoot = dropRoot;
  }

  /** Detects whether this JVM runs as root. */
  static RunAs detect() {
    return new RunAs(currentUid() == 0);
  }

  static RunAs sameUser() {
    return new RunAs(false);
  }

  boolean dropsRoot() {
    return dropRoot;
  }

  /** The command prefix that runs what follows as the unprivileged user. */
  List<String> commandPrefix() {
    if (!dropRoot) {
      return List.of();
    }
    Path setpriv = Files.isExecutable(SETPRIV) ? SETPRIV : Path.of("/bin/setpriv");
    if (!Files.isExecutable(setpriv)) {
      throw new IllegalStateException(
          "This JVM runs as root and Elasticsearch refuses to run as root, but setpriv (util-linux)"
              + " was not found in /usr/bin or /bin. Run the build as a non-root user or install"
              + " util-linux.");
    }
    return List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
        "--clear-groups", "--");
  }

  /**
   * Whether the unprivileged user can reach {@code dir}: every directory from the root down to
   * {@code dir} must grant it execute (search) permission.
   */
  boolean canTraverse(Path dir) {
    if (!dropRoot) {
      return true;
    }
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !nobodyMay(p, PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the unprivileged user can read {@code file} (and reach it). */
  boolean canRead(Path file) {
    return !dropRoot
        || (canTraverse(file.getParent()) && nobodyMay(file, PosixFilePermission.OTHERS_READ));
  }

  /** Hands {@code dir} and everything below it to the unprivileged user. */
  void own(Path dir) {
    if (!dropRoot) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(Integer.toString(NOBODY));
      List<Path> paths = new ArrayList<>(all.toList());
      for (Path p : paths) {
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setOwner(user);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + dir + " to uid " + NOBODY, e);
    }
  }

  /** Checks the bit for owner/group/others as it applies to uid/gid 65534. */
  private static boolean nobodyMay(Path p, PosixFilePermission othersBit) {
    try {
      PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class);
      int uid = (Integer) Files.getAttribute(p, "unix:uid");
      int gid = (Integer) Files.getAttribute(p, "unix:gid");
      Set<PosixFilePermission> perms = attrs.permissions();
      boolean read = othersBit == PosixFilePermission.OTHERS_READ;
      if (uid == NOBODY) {
        return perms.contains(read ? PosixFilePermission.OWNER_READ : PosixFilePermission.OWNER_EXECUTE);
      }
      if (gid == NOBODY) {
        return perms.contains(read ? PosixFilePermission.GROUP_READ : PosixFilePermission.GROUP_EXECUTE);
      }
      return perms.contains(othersBit);
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system (or unreadable): assume the worst so callers fall back
      return false;
    }
  }

  private static int currentUid() {
    try {
      // /proc/self belongs to this process's effective uid
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no /proc (macOS, Windows): those dev machines do not run builds as root
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}
