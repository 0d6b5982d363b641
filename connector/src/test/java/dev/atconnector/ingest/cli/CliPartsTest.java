package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Region;
import dev.atconnector.ingest.source.SessionRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pieces of the manual commands: regions, day ranges, tables, the download target. */
class CliPartsTest {
  private static final LocalDate TODAY = LocalDate.of(2019, 7, 20);

  @Test
  void eachRegionHasItsDocumentedEndpointAndLoginHost() {
    assertThat(AtOptions.region("us-south").endpoint()).hasToString("https://activity-tracker.ng.bluemix.net");
    assertThat(AtOptions.region("EU-GB").endpoint()).hasToString("https://activity-tracker.eu-gb.bluemix.net");
    assertThat(AtOptions.region("eu-de").endpoint()).hasToString("https://activity-tracker.eu-de.bluemix.net");
    assertThat(AtOptions.region(" au-syd ").endpoint()).hasToString("https://activity-tracker.au-syd.bluemix.net");
    assertThat(Region.US_SOUTH.uaaUrl()).hasToString("https://login.ng.bluemix.net/UAALoginServerWAR/oauth/token");
    assertThatThrownBy(() -> AtOptions.region("us-east")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("us-south, eu-gb, eu-de, au-syd");
  }

  @Test
  void theEndpointComesFromTheRegionUnlessGivenAndTheUaaUrlFollows() {
    AtOptions at = new AtOptions();
    at.region = "eu-de";
    assertThat(at.endpoint()).hasToString("https://activity-tracker.eu-de.bluemix.net");
    assertThat(at.uaaUrl(at.endpoint())).hasToString("https://login.eu-de.bluemix.net/UAALoginServerWAR/oauth/token");
    at.endpoint = "http://127.0.0.1:8080";
    assertThat(at.endpoint()).hasToString("http://127.0.0.1:8080");
    assertThat(at.uaaUrl(at.endpoint())).hasToString("http://127.0.0.1:8080/UAALoginServerWAR/oauth/token");
    at.uaaUrl = "https://login.example/token";
    assertThat(at.uaaUrl(at.endpoint())).hasToString("https://login.example/token");
    at.region = "moon";
    assertThatThrownBy(at::endpoint).hasMessageContaining("'moon'");
  }

  @Test
  void dayRangesDefaultToTheLast14DaysAndStopAt15() {
    SessionRequest d = DayRange.request(null, null, false, null, TODAY);
    assertThat(d.start()).isEqualTo(LocalDate.of(2019, 7, 7));
    assertThat(d.end()).isEqualTo(TODAY);
    assertThat(DayRange.request("2019-07-01", "2019-07-15", true, 3, TODAY).hour()).hasValue(3);
    assertThat(DayRange.request(null, "2019-07-10", false, null, TODAY).start()).isEqualTo(LocalDate.of(2019, 6, 27));
    assertThatThrownBy(() -> DayRange.request("2019-07-01", "2019-07-16", false, null, TODAY))
        .hasMessageContaining("16 days").hasMessageContaining("-e 2019-07-15");
    assertThatThrownBy(() -> DayRange.request("2019-07-01", null, false, null, TODAY))
        .as("only --start, 20 days to today").hasMessageContaining("20 days");
    assertThatThrownBy(() -> DayRange.request("07/01/2019", null, false, null, TODAY))
        .hasMessageContaining("--start").hasMessageContaining("YYYY-MM-DD");
    assertThatThrownBy(() -> DayRange.request(null, null, false, -1, TODAY)).hasMessageContaining("--hour");
  }

  @Test
  void tablesAreBoxedLikeTheSeeds() {
    StringWriter s = new StringWriter();
    new Table(List.of("Name", "Value")).row(List.of("message", "Delete session success")).print(new PrintWriter(s));
    assertThat(s.toString().lines().toList()).containsExactly(
        "+---------+------------------------+",
        "| Name    | Value                  |",
        "+---------+------------------------+",
        "| message | Delete session success |",
        "+---------+------------------------+");
  }

  @Test
  void aCommittedFileAppearsOnlyAtTheEnd(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.gz");
    try (DownloadTarget t = DownloadTarget.file(file)) {
      t.stream().write("gz".getBytes(StandardCharsets.UTF_8));
      assertThat(file).doesNotExist();
      t.commit();
    }
    assertThat(file).hasContent("gz");
    assertThat(names(dir)).containsExactly("events.gz");
  }

  @Test
  void anUncommittedFileIsDiscardedAndAnOldFileKept(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("events.gz"), "old");
    try (DownloadTarget t = DownloadTarget.file(file)) {
      t.stream().write("partial".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(file).hasContent("old");
    assertThat(names(dir)).containsExactly("events.gz");
    assertThatThrownBy(() -> DownloadTarget.file(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void aDumbTerminalGetsNoProgress() {
    assertThat(Terminals.stderrIsTerminal(Map.of("TERM", "dumb"))).isFalse();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
