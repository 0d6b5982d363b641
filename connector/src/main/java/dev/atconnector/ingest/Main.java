package dev.atconnector.ingest;

import dev.atconnector.ingest.cli.Cli;
import dev.atconnector.ingest.cli.SuppressForbidden;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code java -jar at-connector.jar ...}: the CLI, with the process's own environment and streams. */
public final class Main {
  private Main() {}

  @SuppressForbidden(reason = "the CLI's own output goes to stdout/stderr")
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = Cli.run(args, System.getenv(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
