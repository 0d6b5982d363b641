package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.config.IngestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Issue 17 part 4: the commands share their flags, their output and log formats, and guess at typos. */
class CliConsistencyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<List<String>> RANGE_COMMANDS = List.of(List.of("ingest"), List.of("status"),
      List.of("session", "create"));

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<IngestConfig> captured = new AtomicReference<>();

  private static CommandLine commandLine() {
    return Cli.commandLine(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        c -> ExitCodes.OK, new ByteArrayOutputStream(), () -> false);
  }

  private int run(Map<String, String> env, String... args) {
    return Cli.run(args, env, new PrintWriter(out), new PrintWriter(err), c -> {
      captured.set(c);
      return ExitCodes.OK;
    }, new ByteArrayOutputStream(), () -> false);
  }

  private static Map<String, String> ingestEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("AT_ENDPOINT", "http://127.0.0.1:1");
    env.put("AT_SPACE_ID", "space-1");
    env.put("AT_TOKEN", "t");
    env.put("ES_URL", "http://127.0.0.1:2");
    return env;
  }

  /** Every command that runs something (not the groups, not help), by its words after at-connector. */
  private static List<CommandSpec> leaves(CommandLine cl) {
    List<CommandSpec> found = new ArrayList<>();
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().userObject() instanceof CommandLine.HelpCommand || found.contains(sub.getCommandSpec())) {
        continue;
      }
      if (sub.getSubcommands().isEmpty()) {
        found.add(sub.getCommandSpec());
      } else {
        leaves(sub).stream().filter(s -> !found.contains(s)).forEach(found::add);
      }
    }
    return found;
  }

  private static OptionSpec leafOption(ParseResult parsed, String name) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.commandSpec().findOption(name);
  }

  @Test
  void everyRangeCommandTakesTheShortFlagsOfIbmcloudAt() {
    for (List<String> command : RANGE_COMMANDS) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("-s", "2026-01-01", "-e", "2026-01-02", "-a", "-T", "7"));

      ParseResult parsed = commandLine().parseArgs(args.toArray(String[]::new));

      assertThat((String) leafOption(parsed, "--start").getValue()).as("%s", command).isEqualTo("2026-01-01");
      assertThat((String) leafOption(parsed, "--end").getValue()).as("%s", command).isEqualTo("2026-01-02");
      assertThat((Boolean) leafOption(parsed, "--account").getValue()).as("%s", command).isTrue();
      assertThat((Integer) leafOption(parsed, "--hour").getValue()).as("%s", command).isEqualTo(7);
    }
  }

  @Test
  void ingestRunsTheRangeItsShortFlagsGive() {
    assertThat(run(ingestEnv(), "ingest", "-s", "2026-01-01", "-e", "2026-01-20", "-a", "-T", "23"))
        .as(err.toString()).isZero();

    IngestConfig c = captured.get();
    assertThat(c.start()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(c.end()).isEqualTo(LocalDate.of(2026, 1, 20));
    assertThat(c.accountLevel()).isTrue();
    assertThat(c.hour()).hasValue(23);
  }

  @Test
  void aShortFlagMeansTheSameLongFlagOnEveryCommand() {
    Map<String, String> longOf = new HashMap<>();
    for (CommandSpec leaf : leaves(commandLine())) {
      for (OptionSpec o : leaf.options()) {
        for (String name : o.names()) {
          if (!name.startsWith("--")) {
            String previous = longOf.putIfAbsent(name, o.longestName());
            assertThat(o.longestName()).as("%s in %s", name, leaf.qualifiedName()).isEqualTo(
                previous == null ? o.longestName() : previous);
          }
        }
      }
    }
    assertThat(longOf).containsEntry("-s", "--start").containsEntry("-e", "--end").containsEntry("-a", "--account")
        .containsEntry("-T", "--hour");
  }

  @Test
  void everyCommandTakesOutputAndLogFormat() {
    List<CommandSpec> leaves = leaves(commandLine());
    assertThat(leaves).extracting(CommandSpec::qualifiedName).contains("at-connector ingest",
        "at-connector status", "at-connector session create", "at-connector download", "at-connector setup",
        "at-connector checkpoints", "at-connector dead-letter replay");
    for (CommandSpec leaf : leaves) {
      assertThat(leaf.findOption("--output")).as(leaf.qualifiedName()).isNotNull();
      assertThat(leaf.findOption("--log-format")).as(leaf.qualifiedName()).isNotNull();
      List<String> args = new ArrayList<>(List.of(leaf.qualifiedName().split(" ")).subList(1,
          leaf.qualifiedName().split(" ").length));
      args.addAll(List.of("--output", "json", "--log-format", "json"));
      if (leaf.positionalParameters().stream().anyMatch(p -> p.arity().min() > 0)) {
        args.add("some-id");
      }
      ParseResult parsed = commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(leafOption(parsed, "--output").<Object>getValue()).as(leaf.qualifiedName())
          .isEqualTo(OutputFormat.JSON);
    }
  }

  @Test
  void aMistypedFlagGetsASuggestion() {
    assertThat(run(ingestEnv(), "ingest", "--strat", "2026-01-01")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString().strip()).doesNotContain("\n").contains("'--strat'").contains("did you mean --start")
        .contains("at-connector ingest --help");
  }

  @Test
  void aMistypedSubcommandGetsASuggestion() {
    assertThat(run(Map.of(), "sesion", "list")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString().strip()).doesNotContain("\n").contains("'sesion'").contains("did you mean session");
  }

  @Test
  void aMistypedNestedSubcommandGetsASuggestion() {
    assertThat(run(Map.of(), "session", "crate")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("did you mean create");
  }

  @Test
  void inJsonLogFormatEveryStderrLineIsAnEcsObject() {
    Map<String, String> jsonEnv = new HashMap<>(Map.of("AT_LOG_FORMAT", "json"));
    List<Runnable> failures = List.of(
        () -> run(Map.of(), "status", "--log-format", "json", "--bogus"), // usage error, from picocli
        () -> run(jsonEnv, "sesion", "list"), // mistyped subcommand, the format from the environment
        () -> run(Map.of(), "status", "--log-format=json"), // no endpoint: the command's own error
        () -> run(Map.of(), "session", "create", "--log-format", "JSON", "--region", "us-south", "--space", "s",
            "-s", "2026-01-01", "-e", "2026-01-30"), // a range too long, before any request
        () -> run(jsonEnv, "checkpoints", "--es-url", "http://user:secret@127.0.0.1:2")); // refused URL
    for (Runnable failure : failures) {
      failure.run();
    }

    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(failures.size());
    for (String line : lines) {
      JsonNode n = parse(line);
      assertThat(n.path("@timestamp").asText()).as(line).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
      assertThat(n.path("log.level").asText()).as(line).isEqualTo("ERROR");
      assertThat(n.path("message").asText()).as(line).startsWith("at-connector: ");
      assertThat(n.path("ecs.version").asText()).as(line).isNotEmpty();
      assertThat(n.path("service.name").asText()).as(line).isEqualTo("at-connector");
    }
    assertThat(err.toString()).contains("did you mean session").doesNotContain("secret");
  }

  @Test
  void aBadLogFormatIsAUsageErrorInText() {
    assertThat(run(Map.of(), "status", "--log-format", "xml")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).startsWith("at-connector: --log-format (AT_LOG_FORMAT) 'xml' is not a log format");
  }

  @Test
  void textModeStderrIsLeftAsItIs() {
    assertThat(run(Map.of(), "status")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).startsWith("at-connector: --region (AT_REGION) or --endpoint");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
