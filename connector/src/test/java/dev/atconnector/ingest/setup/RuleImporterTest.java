package dev.atconnector.ingest.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.setup.FakeKibana.Reply;
import dev.atconnector.ingest.setup.RuleImporter.Outcome;
import dev.atconnector.ingest.setup.RuleImporter.RuleResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

/** Detection rules into Kibana's detection engine (issue 14): what was imported, kept, failed. */
class RuleImporterTest {
  static final String RULES = """
      {"rule_id":"11111111-1111-4111-8111-111111111111","name":"Key deleted","type":"query","query":"a:b"}
      {"rule_id":"22222222-2222-4222-8222-222222222222","name":"Bucket public","type":"query","query":"c:d"}
      {"rule_id":"33333333-3333-4333-8333-333333333333","name":"Burst","type":"threshold","query":"e:f"}
      {"exported_count":3,"exported_rules_count":3,"missing_rules":[],"missing_rules_count":0}
      """;
  static final String MIXED = """
      {"success":false,"success_count":1,"rules_count":3,"errors":[
        {"rule_id":"22222222-2222-4222-8222-222222222222","error":{"status_code":409,
          "message":"rule_id: \\"22222222-2222-4222-8222-222222222222\\" already exists"}},
        {"rule_id":"33333333-3333-4333-8333-333333333333","error":{"status_code":400,
          "message":"threshold.value: Expected number, received string"}}],
       "exceptions_success":true,"exceptions_success_count":0,"exceptions_errors":[]}""";

  @TempDir Path dir;

  private Path rules() throws Exception {
    Path file = dir.resolve("ibmcloud-activity-tracker.ndjson");
    Files.writeString(file, RULES, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void postsTheFileToTheDetectionEngineAndReportsImportedKeptAndFailedPerRule() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(200, MIXED))) {
      RuleImporter importer = new RuleImporter(HttpClient.create(), kibana.uri(), "security",
          Optional.of("ApiKey c2VjcmV0"));

      List<RuleResult> results = importer.importFile(rules(), false);

      String file = "ibmcloud-activity-tracker.ndjson";
      assertThat(results).containsExactly(
          new RuleResult(file, "11111111-1111-4111-8111-111111111111", "Key deleted", Outcome.IMPORTED, ""),
          new RuleResult(file, "22222222-2222-4222-8222-222222222222", "Bucket public", Outcome.KEPT,
              "already in Kibana, kept (--force overwrites it)"),
          new RuleResult(file, "33333333-3333-4333-8333-333333333333", "Burst", Outcome.FAILED,
              "threshold.value: Expected number, received string"));
      FakeKibana.Received request = kibana.received().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.uri()).isEqualTo("/s/security/api/detection_engine/rules/_import?overwrite=false");
      assertThat(request.xsrf()).isNotBlank();
      assertThat(request.authorization()).isEqualTo("ApiKey c2VjcmV0");
      assertThat(request.contentType()).startsWith("multipart/form-data; boundary=");
      assertThat(request.body()).contains("name=\"file\"", "filename=\"" + file + "\"",
          "\"rule_id\":\"33333333-3333-4333-8333-333333333333\"", "\"exported_count\":3");
    }
  }

  @Test
  void forceOverwritesInTheDefaultSpaceUnderKibanasBasePath() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(200,
        "{\"success\":true,\"success_count\":3,\"rules_count\":3,\"errors\":[]}"))) {
      RuleImporter importer = new RuleImporter(HttpClient.create(), kibana.uri().resolve("/kbn/"), "default",
          Optional.empty());

      assertThat(importer.importFile(rules(), true)).extracting(RuleResult::outcome)
          .containsExactly(Outcome.IMPORTED, Outcome.IMPORTED, Outcome.IMPORTED);
      assertThat(kibana.received().get(0).uri()).isEqualTo("/kbn/api/detection_engine/rules/_import?overwrite=true");
      assertThat(kibana.received().get(0).authorization()).isNull();
    }
  }

  @Test
  void refusedCredentialsAreAnAuthFailureWithoutTheSecret() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(403, "{\"statusCode\":403}"))) {
      RuleImporter importer = new RuleImporter(HttpClient.create(), kibana.uri(), "default",
          Optional.of("Basic dXNlcjpodW50ZXIy"));

      assertThatThrownBy(() -> importer.importFile(rules(), false))
          .isInstanceOfSatisfying(KibanaException.class, e -> assertThat(e.authFailure()).isTrue())
          .hasMessageContaining("HTTP 403").hasMessageContaining("rules: All")
          .hasMessageNotContaining("dXNlcjpodW50ZXIy");
    }
  }

  @Test
  void aKibanaWithoutTheDetectionEngineIsNamedWithItsAnswer() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(404,
        "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}"))) {
      RuleImporter importer = new RuleImporter(HttpClient.create(), kibana.uri(), "default", Optional.empty());

      assertThatThrownBy(() -> importer.importFile(rules(), false))
          .isInstanceOfSatisfying(KibanaException.class, e -> assertThat(e.authFailure()).isFalse())
          .hasMessageContaining("ibmcloud-activity-tracker.ndjson").hasMessageContaining("HTTP 404");
    }
  }

  @Test
  void aFileThatIsNoRulesExportIsRefusedBeforeAnyRequestNamingTheLine() throws Exception {
    Path bad = dir.resolve("bad.ndjson");
    Files.writeString(bad, "{\"rule_id\":\"x\",\"name\":\"ok\"}\n{\"name\":\"no id\"}\n", StandardCharsets.UTF_8);
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(200, "{}"))) {
      RuleImporter importer = new RuleImporter(HttpClient.create(), kibana.uri(), "default", Optional.empty());

      assertThatThrownBy(() -> importer.importFile(bad, false)).isInstanceOf(KibanaException.class)
          .hasMessageContaining("bad.ndjson:2").hasMessageContaining("rule_id");
      assertThat(kibana.received()).isEmpty();
    }
  }

  @Test
  void theShippedRulesFileIsReadableAsRules() throws Exception {
    Path shipped = Path.of("").toAbsolutePath().getParent().resolve("detection-rules/ibmcloud-activity-tracker.ndjson");
    if (!Files.exists(shipped)) {
      shipped = Path.of("detection-rules/ibmcloud-activity-tracker.ndjson");
    }
    var names = RuleImporter.ruleNames("shipped", Files.readString(shipped, StandardCharsets.UTF_8));
    assertThat(names).hasSizeGreaterThanOrEqualTo(10).containsValue("IBM Cloud Key Protect Key Deleted");
  }
}
