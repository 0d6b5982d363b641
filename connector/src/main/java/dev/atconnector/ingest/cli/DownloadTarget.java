package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a download goes. To a file: a hidden temporary file beside it, renamed over it only once the download
 * completed, so a failed or interrupted download never leaves a file that looks complete. To stdout: as is.
 */
abstract class DownloadTarget implements AutoCloseable {
  abstract OutputStream stream();

  /** The download completed: make it visible. */
  abstract void commit() throws IOException;

  /** Releases the target; before {@link #commit} this discards what was written. */
  @Override
  public abstract void close() throws IOException;

  abstract String describe();

  static DownloadTarget stdout(OutputStream out) {
    return new DownloadTarget() {
      @Override
      OutputStream stream() {
        return out;
      }

      @Override
      void commit() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush(); // never closed: it is the process's stdout
      }

      @Override
      String describe() {
        return "stdout";
      }
    };
  }

  /** Checks the file's directory before any request, then opens the temporary file. */
  static DownloadTarget file(Path file) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (Files.isDirectory(target)) {
      throw new ConfigException("-o " + file + " is a directory: give a file name, e.g. -o events.gz");
    }
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new ConfigException("-o " + file + ": directory " + dir + " does not exist or is not writable");
    }
    try {
      Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      // also gone after Ctrl-C, when the command's own cleanup does not run
      temp.toFile().deleteOnExit();
      return new FileTarget(target, temp, Files.newOutputStream(temp));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + dir, e);
    }
  }

  private static final class FileTarget extends DownloadTarget {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    FileTarget(Path target, Path temp, OutputStream out) {
      this.target = target;
      this.temp = temp;
      this.out = out;
    }

    @Override
    OutputStream stream() {
      return out;
    }

    @Override
    void commit() throws IOException {
      out.close();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        out.close();
        Files.deleteIfExists(temp);
      }
    }

    @Override
    String describe() {
      return target.toString();
    }
  }
}
