package dev.atconnector.ingest.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code at-connector} command line: {@code ingest} and {@code session}, in the manner of {@code ibmcloud at}. */
@Command(name = "at-connector", mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Streams IBM Cloud Activity Tracker (v3) download sessions into Elasticsearch.",
    subcommands = {SessionCommand.class, CommandLine.HelpCommand.class})
public final class Cli {
  private final Map<String, String> env;

  private Cli(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Runs the command line and returns the exit code (see {@link ExitCodes}).
   *
   * @param env the environment (every flag's default comes from it; credentials come only from it or files)
   */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, out, err, new IngestRun(out, err));
  }

  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      IngestCommand.Runner runner) {
    CommandLine cl = new CommandLine(new Cli(env));
    cl.addSubcommand("ingest", new IngestCommand(env, runner));
    cl.setDefaultValueProvider(new EnvDefaults(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      Failures.Failure f = Failures.classify(e);
      line.getErr().println("at-connector: " + f.message());
      line.getErr().flush();
      return f.exitCode();
    });
    return cl.execute(args);
  }

  static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
    return ((Cli) spec.root().userObject()).env;
  }

  static PrintWriter out(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getOut();
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
