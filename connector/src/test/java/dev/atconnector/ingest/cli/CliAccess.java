package dev.atconnector.ingest.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.util.Map;

/** Lets tests in other packages run the CLI in-process, without a JVM shutdown hook. */
public final class CliAccess {
  private CliAccess() {}

  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      MeterRegistry meters) {
    // one stderr for the CLI and its runner, as in production: both write JSON lines in --log-format json
    StderrLines stderr = StderrLines.of(err);
    return Cli.run(args, env, out, stderr, new IngestRun(out, stderr, false, meters));
  }

  /** As {@link #run(String[], Map, PrintWriter, PrintWriter, MeterRegistry)}, with a look at the metrics server. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      MeterRegistry meters, dev.atconnector.ingest.metrics.RunMetrics.Hook metricsHook) {
    StderrLines stderr = StderrLines.of(err);
    return Cli.run(args, env, out, stderr, new IngestRun(out, stderr, false, meters, metricsHook));
  }

  /**
   * Runs the CLI in-process with a binary stdout (where {@code download} writes) and a stated answer to "is stderr a
   * terminal".
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      java.io.OutputStream stdout, boolean stderrTerminal) {
    StderrLines stderr = StderrLines.of(err);
    return Cli.run(args, env, out, stderr, new IngestRun(out, stderr, false, new io.micrometer.core.instrument.simple
        .SimpleMeterRegistry()), stdout, () -> stderrTerminal);
  }

  /** Parses an {@code ingest} command line into its validated config, without running it. */
  public static dev.atconnector.ingest.config.IngestConfig config(String[] args, Map<String, String> env) {
    java.util.concurrent.atomic.AtomicReference<dev.atconnector.ingest.config.IngestConfig> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Cli.run(args, env, new PrintWriter(new java.io.StringWriter()), new PrintWriter(err), c -> {
      seen.set(c);
      return 0;
    });
    if (code != 0 || seen.get() == null) {
      throw new IllegalArgumentException("bad test command line: " + err);
    }
    return seen.get();
  }
}
