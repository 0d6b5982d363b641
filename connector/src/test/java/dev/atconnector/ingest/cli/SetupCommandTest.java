package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.setup.FakeKibana;
import dev.atconnector.ingest.setup.FakeKibana.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup's refusals, before or instead of installing anything. */
class SetupCommandTest {
  @TempDir Path dir;

  @Test
  void anElasticsearch7IsRefusedWithExitFiveAndNothingInstalled() {
    try (FakeKibana es = new FakeKibana(r -> new Reply(200,
        "{\"cluster_name\":\"old\",\"version\":{\"number\":\"7.17.25\"}}"));
        CliCapture cli = new CliCapture(Map.of("ES_URL", "http://127.0.0.1:1"))) {
      CliCapture.Result r = cli.run("setup", "--es-url", es.uri().toString());

      assertThat(r.code()).isEqualTo(ExitCodes.SINK);
      assertThat(r.err()).contains("version 7.17.25", "8.0 or newer");
      assertThat(es.received()).allMatch(q -> q.method().equals("GET"));
    }
  }

  @Test
  void badKibanaSpaceOrMissingDashboardsAreUsageErrorsBeforeAnyRequest() {
    try (FakeKibana es = new FakeKibana(r -> new Reply(500, "{}"));
        CliCapture cli = new CliCapture(Map.of())) {
      CliCapture.Result space = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--kibana-space", "My Space", "--dashboards", dir.toString());
      assertThat(space.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(space.err()).contains("--kibana-space", "My Space");

      CliCapture.Result none = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--dashboards", dir.resolve("missing").toString());
      assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(none.err()).contains("--dashboards", "missing");

      CliCapture.Result empty = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--dashboards", dir.toString());
      assertThat(empty.err()).contains("no .ndjson");
      assertThat(es.received()).isEmpty();
    }
  }

  @Test
  void aMissingOrEmptyDetectionRulesFolderGivenOnPurposeIsAUsageErrorBeforeAnyRequest() throws Exception {
    Path dashboards = java.nio.file.Files.createDirectory(dir.resolve("dash"));
    write(dashboards.resolve("d.ndjson"));
    Path emptyRules = java.nio.file.Files.createDirectory(dir.resolve("rules"));
    try (FakeKibana es = new FakeKibana(r -> new Reply(500, "{}"));
        CliCapture cli = new CliCapture(Map.of())) {
      CliCapture.Result missing = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--dashboards", dashboards.toString(), "--detection-rules",
          dir.resolve("nope").toString());
      assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(missing.err()).contains("--detection-rules", "nope", "not a folder");

      CliCapture.Result empty = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--dashboards", dashboards.toString(), "--detection-rules", emptyRules.toString());
      assertThat(empty.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(empty.err()).contains("--detection-rules", "no .ndjson");
      assertThat(es.received()).isEmpty();
    }
  }

  @Test
  void kibanaUsernameWithoutPasswordIsAUsageError() {
    try (FakeKibana es = new FakeKibana(r -> new Reply(500, "{}"));
        CliCapture cli = new CliCapture(Map.of("KIBANA_USERNAME", "elastic"))) {
      Path fixture = dir.resolve("x.ndjson");
      CliCapture.Result r = cli.run("setup", "--es-url", es.uri().toString(), "--kibana-url",
          "http://127.0.0.1:5601", "--dashboards", write(fixture).getParent().toString());
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("KIBANA_PASSWORD");
    }
  }

  private static Path write(Path file) {
    try {
      java.nio.file.Files.writeString(file, "{}\n", java.nio.charset.StandardCharsets.UTF_8);
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void printRoleNeedsNoClusterAndPrintsTheRoleAndTheApiKeyBodyFromConnectorPrivileges() throws Exception {
    try (CliCapture cli = new CliCapture(Map.of())) {
      CliCapture.Result r = cli.run("setup", "--print-role", "--index-prefix", "audit-", "--checkpoint-index", "ckpt",
          "--output", "json");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.OK);
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
      var role = dev.atconnector.ingest.setup.ConnectorPrivileges.role("audit-", "ckpt");
      assertThat(json.get("role")).isEqualTo(role.toJson());
      assertThat(json.get("api_key_request")).isEqualTo(role.apiKeyRequest("at-connector"));
      assertThat(json.at("/api_key_request/role_descriptors/at-connector/indices/0/names/0").asText())
          .isEqualTo("audit-*");

      CliCapture.Result text = cli.run("setup", "--print-role");
      assertThat(text.out()).contains("PUT /_security/role/at-connector", "POST /_security/api_key",
          "\"at-connector-checkpoints\"", "\"activity-tracker-*\"");
    }
  }

  @Test
  void createRolePutsTheRoleAndARefusalIsExplainedInOneLine() {
    try (FakeKibana ok = new FakeKibana(q -> new Reply(200, "{\"role\":{\"created\":true}}"));
        FakeKibana noIndex = new FakeKibana(q -> new Reply(400, "{\"error\":{\"type\":\"illegal_argument_exception\","
            + "\"reason\":\"Unknown filter type [pattern_capture] for [email]\"},\"status\":400}"));
        FakeKibana forbidden = new FakeKibana(q -> new Reply(403, "{\"error\":{\"type\":\"security_exception\","
            + "\"reason\":\"action [cluster:admin/xpack/security/role/put] is unauthorized for user [bob]\"}}"));
        CliCapture cli = new CliCapture(Map.of("ES_USERNAME", "admin", "ES_PASSWORD", "admin-secret-value"))) {
      CliCapture.Result created = cli.run("setup", "--es-url", ok.uri().toString(), "--create-role", "at-conn");
      assertThat(created.code()).as(created.toString()).isEqualTo(ExitCodes.OK);
      assertThat(ok.received()).singleElement().satisfies(q -> {
        assertThat(q.method()).isEqualTo("PUT");
        assertThat(q.uri()).isEqualTo("/_security/role/at-conn");
      });

      CliCapture.Result refused = cli.run("setup", "--es-url", noIndex.uri().toString(), "--create-role", "r");
      assertThat(refused.code()).isEqualTo(ExitCodes.SINK);
      assertThat(refused.oneLineError()).as(refused.toString()).isTrue();
      assertThat(refused.err()).contains("pattern_capture", ".security index", "--print-role");

      CliCapture.Result denied = cli.run("setup", "--es-url", forbidden.uri().toString(), "--create-role", "r");
      assertThat(denied.code()).isEqualTo(ExitCodes.AUTH);
      assertThat(denied.err()).contains("manage_security", "user 'admin'");
      assertThat(cli.everything()).doesNotContain("admin-secret-value");
    }
  }
}
