package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code at-connector ...} command shown in README.md and docs/*.md (code blocks, and inline code) parses with
 * the real command line, without running: an example that names a flag or subcommand that no longer exists, or
 * gives a value of the wrong type, fails with its file and line.
 *
 * <p>The examples' conventions are read as a reader would: {@code [optional parts]} are given, {@code a|b} is tried
 * both ways, {@code <placeholder>} is some text, an all-capitals placeholder ({@code N}, {@code PORT}, {@code ID})
 * is {@code 1}, and what follows {@code #} or a pipe is not the connector's. Lines that are output
 * ({@code at-connector ingest ok: read=...}) are not commands.
 */
class DocsExamplesTest {
  private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
  private static final Pattern COMMAND = Pattern.compile("^(?:\\$\\s+)?(?:bin/)?at-connector(?:\\s+(.*))?$",
      Pattern.DOTALL);

  /** One command found in a document. */
  record Example(Path file, int line, String text) {
    @Override
    public String toString() {
      return file.getFileName() + ":" + line + ": " + text;
    }
  }

  @Test
  void everyCliExampleInTheDocsParses() throws IOException {
    List<Example> examples = examples(root());
    List<String> broken = new ArrayList<>();
    for (Example e : examples) {
      for (List<String> args : argumentLists(e.text())) {
        try {
          commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException | IllegalArgumentException ex) {
          broken.add(e + "\n    as " + args + ": " + ex.getMessage());
        }
      }
    }
    // the README alone shows a dozen: finding fewer means the extraction broke, not that the docs are fine
    assertThat(examples).hasSizeGreaterThan(12);
    assertThat(broken).as("CLI examples that no longer parse").isEmpty();
  }

  @Test
  void theExtractionReadsTheExamplesConventions() {
    assertThat(argumentLists("bin/at-connector session create --region us-south -s 2019-06-01 [-a] [-T 13]"))
        .containsExactly(List.of("session", "create", "--region", "us-south", "-s", "2019-06-01", "-a", "-T", "13"));
    assertThat(argumentLists("bin/at-connector download -o june.gz <session-id>   # or: ... <id> | gunzip"))
        .containsExactly(List.of("download", "-o", "june.gz", "x"));
    assertThat(argumentLists("bin/at-connector dead-letter list [--since 7d|2026-01-31] [--limit N]"))
        .containsExactly(List.of("dead-letter", "list", "--since", "7d", "--limit", "1"),
            List.of("dead-letter", "list", "--since", "2026-01-31", "--limit", "1"));
  }

  @Test
  void aBrokenExampleIsReportedWithItsFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("README.md"), "# x\n\nText:\n\n    bin/at-connector ingest --no-such-flag\n\n"
        + "and `at-connector ingest ok: read=1` is output.\n");
    Files.createDirectories(dir.resolve("docs"));

    List<Example> found = examples(dir);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).line()).isEqualTo(5);
    assertThat(found.get(0).toString()).startsWith("README.md:5: ");
    List<String> args = argumentLists(found.get(0).text()).get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> commandLine().parseArgs(args.toArray(String[]::new)))
        .hasMessageContaining("--no-such-flag");
  }

  private static CommandLine commandLine() {
    return Cli.commandLine(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        c -> ExitCodes.OK, new ByteArrayOutputStream(), () -> false);
  }

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))
          && Files.isDirectory(p.resolve("connector"))) {
        return p;
      }
    }
    throw new IllegalStateException("no checkout (README.md, docs/, connector/) at or above " + Path.of("")
        .toAbsolutePath());
  }

  static List<Example> examples(Path root) throws IOException {
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Example> found = new ArrayList<>();
    for (Path file : files) {
      found.addAll(examples(file, Files.readAllLines(file, StandardCharsets.UTF_8)));
    }
    return found;
  }

  /** Commands in code blocks (fenced, or indented after a blank line) and in inline code of the prose. */
  private static List<Example> examples(Path file, List<String> lines) {
    List<Example> found = new ArrayList<>();
    StringBuilder prose = new StringBuilder();
    boolean fenced = false;
    boolean indented = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean fence = line.strip().startsWith("```");
      if (fence) {
        fenced = !fenced;
      }
      boolean blankBefore = i == 0 || lines.get(i - 1).isBlank();
      indented = !fenced && !fence && line.startsWith("    ") && (blankBefore || indented);
      if (fenced && !fence || indented) {
        StringBuilder command = new StringBuilder(line.strip());
        int first = i;
        while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
          command.setLength(command.length() - 1);
          command.append(' ').append(lines.get(++i).strip());
          prose.append('\n');
        }
        command(command.toString()).ifPresent(c -> found.add(new Example(file, first + 1, c)));
        prose.append('\n');
      } else {
        prose.append(fence ? "" : line).append('\n');
      }
    }
    Matcher m = INLINE.matcher(prose);
    while (m.find()) {
      int line = (int) prose.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      command(m.group(1).replaceAll("\\s+", " ").strip()).ifPresent(c -> found.add(new Example(file, line, c)));
    }
    found.sort(java.util.Comparator.comparingInt(Example::line));
    return found;
  }

  /** The text if it is a connector command line, not its output ({@code at-connector ingest ok: ...}). */
  private static java.util.Optional<String> command(String text) {
    Matcher m = COMMAND.matcher(text);
    if (!m.matches() || m.group(1) == null) {
      return java.util.Optional.empty();
    }
    List<String> words = List.of(m.group(1).strip().split("\\s+"));
    boolean output = words.stream().limit(3).anyMatch(w -> w.endsWith(":"));
    return output ? java.util.Optional.empty() : java.util.Optional.of(text);
  }

  /** The argument lists an example stands for (one per alternative of each {@code a|b}). */
  static List<List<String>> argumentLists(String example) {
    String text = example.replaceFirst("\\s+#.*$", "").replaceFirst("\\s+\\|\\s.*$", "");
    Matcher m = COMMAND.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an at-connector command: " + example);
    }
    List<List<String>> lists = new ArrayList<>(List.of(new ArrayList<>()));
    for (String raw : m.group(1).strip().split("\\s+")) {
      String token = raw.replace("[", "").replace("]", "");
      if (token.isEmpty() || token.equals("...")) {
        continue;
      }
      List<String> alternatives = List.of(token.split("\\|"));
      List<List<String>> next = new ArrayList<>();
      for (List<String> list : lists) {
        for (String alternative : alternatives) {
          List<String> extended = new ArrayList<>(list);
          extended.add(value(alternative));
          next.add(extended);
        }
      }
      lists = next;
    }
    return lists;
  }

  private static String value(String token) {
    if (token.matches("<[^>]+>")) {
      return "x";
    }
    return token.matches("[A-Z][A-Z_]*") ? "1" : token;
  }
}
