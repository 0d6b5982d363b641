package dev.atconnector.eslocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalElasticsearchMainTest {

  @Test
  void parsesAllOptionsAndKeepsDataUnlessFresh() {
    var parsed = LocalElasticsearchMain.parse(List.of("start", "--dir", "/tmp/x", "--heap", "1g",
        "--port", "9201", "--timeout-seconds", "60"));
    assertThat(parsed.dir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(parsed.options().heap()).isEqualTo("1g");
    assertThat(parsed.options().httpPort()).isEqualTo(9201);
    assertThat(parsed.options().startupTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(parsed.options().wipeData()).isFalse();
    assertThat(LocalElasticsearchMain.parse(List.of("start", "--dir", "d", "--fresh"))
        .options().wipeData()).isTrue();
  }

  @Test
  void badArgumentsNameTheProblem() {
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of()))
        .hasMessageContaining("'start'");
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of("start")))
        .hasMessageContaining("--dir DIR is required");
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of("start", "--dir")))
        .hasMessageContaining("--dir needs a value");
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of("start", "--dir", "d", "--port", "x")))
        .hasMessageContaining("--port must be a number, got 'x'");
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of("start", "--dir", "d", "--heap", "lots")))
        .hasMessageContaining("heap must look like 512m");
    assertThatThrownBy(() -> LocalElasticsearchMain.parse(List.of("start", "--verbose")))
        .hasMessageContaining("unknown option '--verbose'");
  }
}
