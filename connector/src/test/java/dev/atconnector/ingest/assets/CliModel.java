package dev.atconnector.ingest.assets;

import dev.atconnector.ingest.cli.CliAccess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connector's own picocli model, read from the real CLI's usage text ({@code <command> --help}, which runs
 * nothing): which subcommands exist and which options each has.
 *
 * <p>Flags and commands other helpers add in this same round are allowed while the CLI does not know them yet.
 * TODO(integrator): once ckpt (--follow, --poll-interval) and obs (--metrics-port, AT_METRICS_PORT) are merged,
 * empty PENDING_FLAGS and PENDING_ENV: then ComposeFileTest checks everything. (ecs's setup is merged already.)
 */
final class CliModel {
  /** Flag to the number of values it takes. */
  static final Map<String, Integer> PENDING_FLAGS = Map.of();
  static final Set<String> PENDING_COMMANDS = Set.of();
  static final Set<String> PENDING_ENV = Set.of();
  private static final Pattern OPTION = Pattern.compile("^\\s+(?:-\\w, )?--(\\[no-])?([a-z0-9][a-z0-9-]*)");

  /** The outcome of one in-process CLI run. */
  record Result(int code, String out, String err) {}

  private CliModel() {}

  static Result run(List<String> args, Map<String, String> env) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CliAccess.run(args.toArray(String[]::new), env, new PrintWriter(out), new PrintWriter(err),
        new SimpleMeterRegistry());
    return new Result(code, out.toString(), err.toString());
  }

  /** The usage text of {@code command}; empty when the CLI has no such subcommand. */
  static Optional<String> usage(String command) {
    Result r = run(List.of(command, "--help"), Map.of());
    return r.code() == 0 && r.out().startsWith("Usage: at-connector " + command + " ")
        ? Optional.of(r.out()) : Optional.empty();
  }

  /** Every long option of {@code command} ({@code --[no-]x} counts as both). */
  static Set<String> options(String usage) {
    Set<String> options = new TreeSet<>();
    for (String line : usage.lines().toList()) {
      Matcher m = OPTION.matcher(line);
      if (m.find()) {
        options.add("--" + m.group(2));
        if (m.group(1) != null) {
          options.add("--no-" + m.group(2));
        }
      }
    }
    return options;
  }

  /**
   * The command line without the pending flags (and their values) that {@code options} does not contain yet; any
   * other unknown flag fails naming it.
   */
  static List<String> checkedArgs(List<String> args, Set<String> options) {
    List<String> kept = new ArrayList<>(List.of(args.get(0)));
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      String name = a.split("=", 2)[0];
      if (!name.startsWith("--") || options.contains(name)) {
        kept.add(a);
      } else if (PENDING_FLAGS.containsKey(name)) {
        i += a.contains("=") ? 0 : PENDING_FLAGS.get(name);
      } else {
        throw new AssertionError("'" + args.get(0) + "' has no option " + name + "; it has " + options);
      }
    }
    return kept;
  }
}
