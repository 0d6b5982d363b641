package dev.atconnector.eslocal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Runs one {@link LocalElasticsearch} until this JVM receives SIGTERM (or Ctrl-C), for the demo:
 *
 * <pre>java -jar es-local/target/es-local.jar start --dir DIR [--heap 512m] [--port 0] [--fresh]
 * [--timeout-seconds 180]</pre>
 *
 * <p>Prints {@code elasticsearch ready at http://127.0.0.1:PORT} once healthy. Data in DIR is kept
 * across runs unless {@code --fresh}. Exit codes: 0 after SIGTERM handling, 1 when Elasticsearch
 * fails or dies, 2 on bad arguments.
 */
@SuppressForbidden(reason = "command-line tool: prints its ready line and usage to the console")
public final class LocalElasticsearchMain {
  private static final String USAGE = "usage: start --dir DIR [--heap 512m] [--port 0] [--fresh]"
      + " [--timeout-seconds 180]";

  private LocalElasticsearchMain() {}

  public static void main(String[] args) {
    // before the first logger exists; stdout stays reserved for the ready line
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "es-local-logback.xml");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Parsed parsed;
    try {
      parsed = parse(List.of(args));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      System.exit(2);
      return;
    }
    LocalElasticsearch es;
    try {
      es = LocalElasticsearch.start(parsed.dir(), parsed.options());
    } catch (RuntimeException e) {
      err.println("elasticsearch failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // LocalElasticsearch's own shutdown hook stops the node when SIGTERM ends this JVM
    out.println("elasticsearch ready at " + es.uri());
    try {
      Process p = es.onExit().get();
      if (es.stopRequested()) {
        return; // SIGTERM: the shutdown hook stopped it, the JVM is exiting normally
      }
      err.println("elasticsearch exited unexpectedly with code " + p.exitValue()
          + "; see " + es.workDir().resolve("console.log"));
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      es.close();
    } catch (ExecutionException e) {
      err.println("waiting for elasticsearch failed: " + e.getCause());
      System.exit(1);
    }
  }

  record Parsed(Path dir, LocalElasticsearch.Options options) {}

  static Parsed parse(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("start")) {
      throw new IllegalArgumentException("the only command is 'start'");
    }
    Path dir = null;
    LocalElasticsearch.Options options = LocalElasticsearch.Options.defaults().withWipeData(false);
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--fresh" -> options = options.withWipeData(true);
        case "--dir" -> dir = Path.of(value(args, ++i, arg));
        case "--heap" -> options = options.withHeap(value(args, ++i, arg));
        case "--port" -> options = options.withHttpPort(intValue(args, ++i, arg));
        case "--timeout-seconds" ->
            options = options.withStartupTimeout(Duration.ofSeconds(intValue(args, ++i, arg)));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir DIR is required (where data and logs go)");
    }
    return new Parsed(dir, options);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int intValue(List<String> args, int i, String option) {
    String v = value(args, i, option);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, got '" + v + "'", e);
    }
  }
}
