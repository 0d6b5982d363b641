package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.metrics.LogFormat;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --log-format text|json} of every command: with json, every stderr line (log lines, errors, warnings,
 * usage errors) is one ECS JSON object. {@code ingest} declares the same flag in {@link ObservabilityOptions}; the
 * CLI reads it by name from whichever command runs ({@link #of(ParseResult)}).
 */
final class LogOptions {
  static final String FLAG = "--log-format";
  static final String VARIABLE = "AT_LOG_FORMAT";

  @Option(names = FLAG, paramLabel = "FORMAT", defaultValue = "text",
      description = "stderr lines: text, or json (ECS, one object per line) (default ${DEFAULT-VALUE}) "
          + "(AT_LOG_FORMAT)")
  String logFormat;

  /** Parsed here, not by picocli: the value is case-insensitive, and a bad one names the flag and its values. */
  static LogFormat parse(String value) {
    String v = value == null ? "text" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw new ConfigException(FLAG + " (" + VARIABLE + ") '" + value + "' is not a log format: "
          + "use text or json");
    };
  }

  /** The format of the command that runs: its {@code --log-format} (or the variable), text when it has none. */
  static LogFormat of(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    OptionSpec option = leaf.commandSpec().findOption(FLAG);
    return option == null ? LogFormat.TEXT : parse(option.getValue());
  }

  /**
   * Whether the raw command line (else the environment) asks for json: what a usage error is written in, since it
   * comes before the command line is parsed. A bad value counts as text.
   */
  static boolean jsonRequested(String[] args, Map<String, String> env) {
    String value = env.get(VARIABLE);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      if (a.equals(FLAG) && i + 1 < args.length) {
        value = args[++i];
      } else if (a.startsWith(FLAG + "=")) {
        value = a.substring(FLAG.length() + 1);
      }
    }
    return value != null && value.strip().equalsIgnoreCase("json");
  }
}
