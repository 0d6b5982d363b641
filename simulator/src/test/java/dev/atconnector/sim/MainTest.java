package dev.atconnector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MainTest {
  private static SimulatorConfig parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.builder().config();
  }

  @Test
  void tokenAndApiKeyOptionsTakeAnOptionalUser() {
    assertThat(Main.key("tok")).isEqualTo("tok");
    assertThat(Main.user("tok")).isEqualTo(Main.DEFAULT_USER);
    assertThat(Main.key("tok=bob@x.com")).isEqualTo("tok");
    assertThat(Main.user("tok=bob@x.com")).isEqualTo("bob@x.com");
    assertThat(Main.key("YWJj==")).isEqualTo("YWJj==");
    assertThat(Main.user("YWJj==")).isEqualTo(Main.DEFAULT_USER);
  }

  @Test
  void optionsMapOntoTheConfig() {
    SimulatorConfig config = parse("--port", "0", "--seed", "9", "--events-per-day", "5", "--framing", "array",
        "--shape", "envelope", "--multi-member", "--gzip-level", "1", "--chunk-size", "4096", "--token", "t1",
        "--token", "t2=bob", "--api-key", "k1=carol", "--token-lifetime", "30", "--spaces", "s1,s2",
        "--no-account-access", "bob", "--fail-creates", "2", "--fail-rate", "0.5", "--throttle-every", "4",
        "--retry-after", "9", "--slow", "1000", "--cut-after", "77", "--cut-downloads", "0", "--corrupt-gzip",
        "--malformed-every", "10", "--expire-token-mid-download", "99");
    assertThat(config.seed()).isEqualTo(9);
    assertThat(config.framing()).isEqualTo(Framing.ARRAY);
    assertThat(config.shape()).isEqualTo(RecordShape.ENVELOPE);
    assertThat(config.multiMember()).isTrue();
    assertThat(config.tokens()).containsEntry("t1", Main.DEFAULT_USER).containsEntry("t2", "bob");
    assertThat(config.apiKeys()).containsEntry("k1", "carol");
    assertThat(config.tokenLifetime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.spaces()).containsExactlyInAnyOrder("s1", "s2");
    assertThat(config.noAccountAccess()).containsExactly("bob");
    assertThat(config.faults()).isEqualTo(new Faults(2, 0.5, 4, 9, 1000, 77, 0, true, 10, 99));
  }

  @Test
  void secretsStayOutOfTheConfigText() {
    assertThat(parse("--token", "sekrit-token", "--api-key", "sekrit-key").toString())
        .doesNotContain("sekrit").contains("tokens=1", "apiKeys=1");
  }

  @ParameterizedTest
  @CsvSource({
      "--gzip-level, 0, --gzip-level",
      "--framing, xml, --framing",
      "--shape, flat, --shape",
      "--fail-rate, 1.5, --fail-rate",
      "--port, 70000, --port",
      "--chunk-size, 10, --chunk-size",
      "--token-lifetime, 0, --token-lifetime",
      "--cut-after, -1, --cut-after",
      "--port, abc, --port",
      "--scenario, heist:s1:2019-06-08, --scenario",
      "--scenario, security:s1:june, --scenario",
      "--scenario, security, --scenario"})
  void badValuesAreUsageErrorsNamingTheOption(String option, String value, String named) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(option, value);
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(named).contains("Usage:");
  }

  @Test
  void unknownOptionIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--colour", "red")).isEqualTo(2);
    assertThat(err.toString()).contains("--colour");
  }

  @Test
  void aPoisonDayThatIsNoDayIsAUsageErrorBeforeTheServerStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--port", "0", "--poison-days", "2026-01-02,June")).isEqualTo(2);
    assertThat(err.toString()).contains("--poison-days 'June' is not a day: use YYYY-MM-DD");
  }
}
