package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.metrics.LogFormat;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code at-connector} command line: {@code ingest}, {@code setup}, and the {@code ibmcloud at} workflow. */
@Command(name = "at-connector", mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {"Streams IBM Cloud Activity Tracker (v3) download sessions into Elasticsearch (ingest), and "
        + "does the `ibmcloud at` workflow by hand: status, session create, download, session delete."},
    subcommands = {StatusCommand.class, SessionCommand.class, DownloadCommand.class, DeadLetterCommand.class,
        SetupCommand.class, CheckpointsCommand.class,
        CommandLine.HelpCommand.class})
public final class Cli {
  private final Map<String, String> env;
  private final OutputStream stdout;
  private final BooleanSupplier stderrTerminal;

  private Cli(Map<String, String> env, OutputStream stdout, BooleanSupplier stderrTerminal) {
    this.env = env;
    this.stdout = stdout;
    this.stderrTerminal = stderrTerminal;
  }

  /**
   * Runs the command line and returns the exit code (see {@link ExitCodes}).
   *
   * @param env the environment (every flag's default comes from it; credentials come only from it or files)
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    // the runner prints the ingest's error lines: to the same stderr, JSON in --log-format json
    StderrLines stderr = StderrLines.of(err);
    return run(args, env, out, stderr, new IngestRun(out, stderr));
  }

  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      IngestCommand.Runner runner) {
    return run(args, env, out, err, runner, processStdout(), () -> Terminals.stderrIsTerminal(env));
  }

  /**
   * As {@link #run(String[], Map, PrintWriter, PrintWriter)}, with the binary stdout ({@code download} writes the
   * gzip there) and the terminal check for stderr given by the caller (tests).
   */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      IngestCommand.Runner runner, OutputStream stdout, BooleanSupplier stderrTerminal) {
    StderrLines stderr = StderrLines.of(err);
    // a usage error comes before the command line is parsed: the raw --log-format (or AT_LOG_FORMAT) decides
    LogFormat asked = LogOptions.jsonRequested(args, env) ? LogFormat.JSON : LogFormat.TEXT;
    stderr.json(asked == LogFormat.JSON);
    asked.apply();
    CommandLine cl = commandLine(env, out, stderr, runner, stdout, stderrTerminal);
    cl.setExecutionStrategy(parsed -> {
      LogFormat format;
      try {
        format = LogOptions.of(parsed);
      } catch (ConfigException e) {
        stderr.println("at-connector: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      stderr.json(format == LogFormat.JSON);
      format.apply();
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      Failures.Failure f = Failures.classify(e);
      line.getErr().println("at-connector: " + f.message());
      line.getErr().flush();
      return f.exitCode();
    });
    // a bad flag or value is one line naming it, with where to look (and what was meant), not the whole usage text
    cl.setParameterExceptionHandler((e, params) -> {
      CommandLine bad = e.getCommandLine();
      bad.getErr().println("at-connector: " + e.getMessage() + suggestions(e) + " (see '"
          + bad.getCommandSpec().qualifiedName() + " --help')");
      bad.getErr().flush();
      return ExitCodes.USAGE;
    });
    return cl.execute(args);
  }

  /**
   * The command line, wired as {@link #run} runs it but without its handlers: tests parse with it (README examples)
   * without running anything.
   */
  static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err,
      IngestCommand.Runner runner, OutputStream stdout, BooleanSupplier stderrTerminal) {
    CommandLine cl = new CommandLine(new Cli(env, stdout, stderrTerminal));
    cl.addSubcommand("ingest", new IngestCommand(env, runner));
    // after every subcommand is added: the setting reaches only the subcommands there at the time
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(new EnvDefaults(env));
    cl.setOut(out);
    cl.setErr(err);
    return cl;
  }

  /** picocli's guesses for a mistyped flag or subcommand, as {@code ; did you mean --start?} (or nothing). */
  static String suggestions(CommandLine.ParameterException e) {
    if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)) {
      return "";
    }
    List<String> guesses = unmatched.getSuggestions();
    if (guesses.isEmpty()) {
      return "";
    }
    return "; did you mean " + String.join(" or ", guesses.subList(0, Math.min(3, guesses.size()))) + "?";
  }

  static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
    return ((Cli) spec.root().userObject()).env;
  }

  static PrintWriter out(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getOut();
  }

  /** The binary stdout, for data ({@code download}); text goes through {@link #out}. */
  static OutputStream stdout(CommandLine.Model.CommandSpec spec) {
    return ((Cli) spec.root().userObject()).stdout;
  }

  static boolean stderrIsTerminal(CommandLine.Model.CommandSpec spec) {
    return ((Cli) spec.root().userObject()).stderrTerminal.getAsBoolean();
  }

  /**
   * The process's stdout as a raw stream: unlike {@code System.out} (a PrintStream, which swallows errors) a
   * closed pipe ({@code download ID | head}) fails the write, so the download stops.
   */
  @SuppressForbidden(reason = "download writes its data to the process's stdout")
  private static OutputStream processStdout() {
    return new FileOutputStream(FileDescriptor.out);
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"at-connector " + (v == null ? "dev" : v)};
    }
  }
}
