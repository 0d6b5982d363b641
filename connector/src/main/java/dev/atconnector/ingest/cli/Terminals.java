package dev.atconnector.ingest.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether stderr is a terminal, so progress is drawn only for a person watching. {@link System#console()} is not
 * enough: it is null as soon as stdout is piped ({@code download ID | gunzip}), the very case where a person still
 * watches stderr. On Linux {@code /proc/self/fd/2} names the terminal device; elsewhere the console decides.
 */
final class Terminals {
  private Terminals() {}

  static boolean stderrIsTerminal(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        // unreadable: fall back to the console check below
      }
    }
    return System.console() != null;
  }
}
