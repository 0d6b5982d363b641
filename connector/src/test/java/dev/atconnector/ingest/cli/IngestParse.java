package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.IngestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parses {@code ingest} command lines in-process the way the CLI does, keeping the config the run would get and what
 * the CLI wrote to stderr; nothing runs. The option tests share it instead of each keeping a copy.
 */
final class IngestParse {
  private final StringWriter err = new StringWriter();
  private final AtomicReference<IngestConfig> captured = new AtomicReference<>();

  /** A source given by endpoint, space and token; no Elasticsearch URL. A fresh, mutable map. */
  static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1");
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", "t");
    return env;
  }

  /** {@link #env()} with an Elasticsearch URL. */
  static Map<String, String> envWithEs() {
    Map<String, String> env = env();
    env.put("ES_URL", "http://127.0.0.1:2");
    return env;
  }

  /** Parses {@code args} with {@code env}; the exit code the CLI would end with (0 when the config was built). */
  int run(Map<String, String> env, String... args) {
    return Cli.run(args, env, new PrintWriter(new StringWriter()), new PrintWriter(err), cfg -> {
      captured.set(cfg);
      return ExitCodes.OK;
    });
  }

  /** The config of the last successful parse. */
  IngestConfig config() {
    return captured.get();
  }

  /** Everything written to stderr so far. */
  String err() {
    return err.toString();
  }
}
