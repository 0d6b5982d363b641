package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.setup.FakeKibana;
import dev.atconnector.ingest.setup.FakeKibana.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code at-connector setup} against a real Elasticsearch and a fake Kibana. */
@ExtendWith(ElasticsearchExtension.class)
class SetupCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK = "{\"success\":true,\"successCount\":1,\"successResults\":[{\"type\":\"dashboard\","
      + "\"id\":\"at-overview\",\"meta\":{\"title\":\"AT overview\"}}]}";

  @TempDir Path dashboards;

  private static Map<String, String> env(EsEndpoint es) {
    return es.environment();
  }

  @Test
  void installsTemplatesImportsDashboardsAndASecondRunChangesNothing(EsEndpoint es) throws Exception {
    Files.writeString(dashboards.resolve("at-overview.ndjson"),
        "{\"type\":\"dashboard\",\"id\":\"at-overview\",\"attributes\":{\"title\":\"AT overview\"}}\n",
        StandardCharsets.UTF_8);
    String prefix = "setup" + System.nanoTime() % 100_000 + "-at-";
    String name = prefix.substring(0, prefix.length() - 1);
    try (FakeKibana kibana = new FakeKibana(r -> nothingStored(r, new Reply(200, OK)));
        CliCapture cli = new CliCapture(env(es)).env("KIBANA_URL", kibana.uri().toString())
            .env("KIBANA_USERNAME", "kib").env("KIBANA_PASSWORD", "kib-secret-pw")) {
      CliCapture.Result first = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--kibana-space", "ops", "--output", "json");

      assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.OK);
      JsonNode result = JSON.readTree(first.out());
      assertThat(result.at("/cluster/version").asText()).startsWith("8.");
      assertThat(outcomes(result)).contains(name + "@mappings=INSTALLED", name + "=INSTALLED",
          name + "@custom=CREATED");
      assertThat(result.at("/kibana/0/success").asBoolean()).isTrue();
      assertThat(result.at("/kibana/0/id").asText()).isEqualTo("at-overview");
      assertThat(kibana.received().get(0).uri()).as("setup reads the shipped objects back first")
          .isEqualTo("/s/ops/api/saved_objects/_bulk_get");
      assertThat(kibana.received().get(1).uri()).isEqualTo("/s/ops/api/saved_objects/_import?overwrite=true");
      assertThat(kibana.received().get(1).authorization()).startsWith("Basic ");

      CliCapture.Result second = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString());
      assertThat(second.code()).as(second.err()).isEqualTo(ExitCodes.OK);
      assertThat(second.out()).contains("Elasticsearch: cluster", name + "@mappings", "KEPT", "version 3 installed",
          "IMPORTED", "AT overview").doesNotContain("INSTALLED");
      assertThat(cli.everything()).doesNotContain("kib-secret-pw");
    } finally {
      cleanUp(es, name);
    }
  }

  @Test
  void objectsKibanaRefusesAreReportedAndFailTheRun(EsEndpoint es) throws Exception {
    Files.writeString(dashboards.resolve("a.ndjson"), "{\"type\":\"dashboard\",\"id\":\"d\"}\n",
        StandardCharsets.UTF_8);
    String prefix = "setupf" + System.nanoTime() % 100_000 + "-at-";
    try (FakeKibana kibana = new FakeKibana(r -> nothingStored(r, new Reply(200, "{\"success\":false,"
        + "\"successCount\":0,\"errors\":[{\"id\":\"d\",\"type\":\"dashboard\",\"title\":\"D\",\"error\":"
        + "{\"type\":\"conflict\"}}]}")));
        CliCapture cli = new CliCapture(env(es))) {
      CliCapture.Result r = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--kibana-url", kibana.uri().toString());

      assertThat(r.code()).isEqualTo(ExitCodes.SINK);
      assertThat(r.out()).contains("FAILED", "conflict");
      assertThat(r.err()).contains("Kibana refused 1 of 1");
    } finally {
      cleanUp(es, prefix.substring(0, prefix.length() - 1));
    }
  }

  /**
   * Issue 17: a Kibana that refuses the credentials exits 3 (auth), one that does not answer or fails (5xx) exits 5
   * (a destination failure, as Elasticsearch's), never 1 (bugs); each in one line naming Kibana's URL and what to do.
   */
  @Test
  void aKibanaThatRefusesTheCredentialsExits3AndOneDownOrFailingExits5(EsEndpoint es) throws Exception {
    Files.writeString(dashboards.resolve("a.ndjson"), "{\"type\":\"dashboard\",\"id\":\"d\"}\n",
        StandardCharsets.UTF_8);
    String prefix = "setupk" + System.nanoTime() % 100_000 + "-at-";
    int closedPort;
    try (FakeKibana closed = new FakeKibana(r -> new Reply(200, "{}"))) {
      closedPort = closed.uri().getPort();
    }
    try (FakeKibana refusing = new FakeKibana(r -> new Reply(401, "{\"statusCode\":401,\"error\":\"Unauthorized\"}"));
        FakeKibana failing = new FakeKibana(r -> new Reply(503, "{\"statusCode\":503,\"error\":\"Service "
            + "Unavailable\",\"message\":\"Kibana server is not ready yet\"}"));
        CliCapture cli = new CliCapture(env(es)).env("KIBANA_USERNAME", "kib")
            .env("KIBANA_PASSWORD", "kib-secret-pw")) {
      CliCapture.Result refused = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--kibana-url", refusing.uri().toString());
      assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(refused.oneLineError()).as(refused.toString()).isTrue();
      assertThat(refused.err()).contains("Kibana at " + refusing.uri(), "HTTP 401", "KIBANA_USERNAME");

      String down = "http://127.0.0.1:" + closedPort;
      CliCapture.Result unreachable = cli.run("setup", "--index-prefix", prefix, "--dashboards",
          dashboards.toString(), "--kibana-url", down);
      assertThat(unreachable.code()).as(unreachable.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(unreachable.oneLineError()).as(unreachable.toString()).isTrue();
      assertThat(unreachable.err()).contains("Kibana at " + down, "did not answer", "--kibana-url");

      CliCapture.Result unavailable = cli.run("setup", "--index-prefix", prefix, "--dashboards",
          dashboards.toString(), "--kibana-url", failing.uri().toString());
      assertThat(unavailable.code()).as(unavailable.toString()).isEqualTo(ExitCodes.SINK);
      assertThat(unavailable.oneLineError()).as(unavailable.toString()).isTrue();
      assertThat(unavailable.err()).contains("Kibana at " + failing.uri(), "HTTP 503", "not ready yet",
          "when Kibana is up");
      assertThat(cli.everything()).doesNotContain("kib-secret-pw");
    } finally {
      cleanUp(es, prefix.substring(0, prefix.length() - 1));
    }
  }

  /** A Kibana that keeps the rules it imported and, without overwrite, answers 409 for those it has. */
  private static Reply rulesKibana(FakeKibana.Received r, java.util.Set<String> known) {
    if (r.uri().endsWith("/_bulk_get")) {
      return nothingStored(r, null);
    }
    if (!r.uri().contains("/api/detection_engine/rules/_import")) {
      return new Reply(200, OK);
    }
    boolean overwrite = r.uri().endsWith("overwrite=true");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rule_id\":\"([^\"]+)\"").matcher(r.body());
    StringBuilder errors = new StringBuilder();
    int ok = 0;
    while (m.find()) {
      if (!overwrite && known.contains(m.group(1))) {
        errors.append(errors.length() > 0 ? "," : "").append("{\"rule_id\":\"").append(m.group(1))
            .append("\",\"error\":{\"status_code\":409,\"message\":\"already exists\"}}");
      } else {
        known.add(m.group(1));
        ok++;
      }
    }
    return new Reply(200, "{\"success\":" + (errors.length() == 0) + ",\"success_count\":" + ok
        + ",\"errors\":[" + errors + "]}");
  }

  @Test
  void importsTheDetectionRulesKeepsThemOnASecondRunAndOverwritesWithForce(EsEndpoint es) throws Exception {
    Files.writeString(dashboards.resolve("at-overview.ndjson"),
        "{\"type\":\"dashboard\",\"id\":\"at-overview\",\"attributes\":{\"title\":\"AT overview\"}}\n",
        StandardCharsets.UTF_8);
    Path rules = Files.createDirectory(dashboards.resolve("rules"));
    Files.copy(Path.of("").toAbsolutePath().getParent().resolve("detection-rules/ibmcloud-activity-tracker.ndjson"),
        rules.resolve("ibmcloud-activity-tracker.ndjson"));
    String prefix = "setupr" + System.nanoTime() % 100_000 + "-at-";
    java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (FakeKibana kibana = new FakeKibana(r -> rulesKibana(r, known));
        CliCapture cli = new CliCapture(env(es)).env("KIBANA_URL", kibana.uri().toString())) {
      List<String> args = List.of("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--detection-rules", rules.toString(), "--output", "json");
      CliCapture.Result first = cli.run(args.toArray(String[]::new));

      assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.OK);
      JsonNode imported = JSON.readTree(first.out()).get("detection_rules");
      assertThat(imported.size()).isGreaterThanOrEqualTo(10);
      imported.forEach(r -> assertThat(r.get("outcome").asText()).isEqualTo("IMPORTED"));
      assertThat(known).hasSize(imported.size());

      CliCapture.Result second = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--detection-rules", rules.toString());
      assertThat(second.code()).as(second.err()).isEqualTo(ExitCodes.OK);
      assertThat(second.out()).contains("RULE_ID", "IBM Cloud Key Protect Key Deleted", "KEPT", "--force")
          .doesNotContain("IMPORTED  ");

      CliCapture.Result forced = cli.run("setup", "--index-prefix", prefix, "--dashboards", dashboards.toString(),
          "--detection-rules", rules.toString(), "--force", "--output", "json");
      assertThat(forced.code()).as(forced.err()).isEqualTo(ExitCodes.OK);
      JsonNode overwritten = JSON.readTree(forced.out()).get("detection_rules");
      overwritten.forEach(r -> assertThat(r.get("outcome").asText()).isEqualTo("IMPORTED"));
      assertThat(kibana.received()).filteredOn(r -> r.uri().contains("detection_engine"))
          .extracting(FakeKibana.Received::uri).containsExactly(
              "/api/detection_engine/rules/_import?overwrite=false",
              "/api/detection_engine/rules/_import?overwrite=false",
              "/api/detection_engine/rules/_import?overwrite=true");
    } finally {
      cleanUp(es, prefix.substring(0, prefix.length() - 1));
    }
  }

  /** A Kibana holding none of the shipped objects (_bulk_get: all 404), answering imports with {@code imported}. */
  private static Reply nothingStored(FakeKibana.Received r, Reply imported) {
    if (!r.uri().endsWith("/_bulk_get")) {
      return imported;
    }
    try {
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
      for (JsonNode want : JSON.readTree(r.body())) {
        out.addObject().put("type", want.path("type").asText()).put("id", want.path("id").asText())
            .putObject("error").put("statusCode", 404);
      }
      return new Reply(200, JSON.createObjectNode().set("saved_objects", out).toString());
    } catch (java.io.IOException e) {
      return new Reply(400, "{}");
    }
  }

  private static List<String> outcomes(JsonNode result) {
    List<String> list = new ArrayList<>();
    result.get("templates").forEach(t -> list.add(t.get("name").asText() + "=" + t.get("outcome").asText()));
    return list;
  }

  private static void cleanUp(EsEndpoint es, String name) throws Exception {
    var builder = RestClient.builder(HttpHost.create(es.uri().toString()));
    es.authorizationHeader().ifPresent(h -> builder.setDefaultHeaders(
        new org.apache.http.Header[] {new org.apache.http.message.BasicHeader("Authorization", h)}));
    try (RestClient rest = builder.build()) {
      for (String path : List.of("/_index_template/" + name, "/_index_template/" + name + "-dead-letter",
          "/_component_template/" + name + "@settings", "/_component_template/" + name + "@mappings",
          "/_component_template/" + name + "@custom", "/_component_template/" + name + "@lifecycle",
          "/_ilm/policy/" + name)) {
        Request delete = new Request("DELETE", path);
        delete.setOptions(delete.getOptions().toBuilder().setWarningsHandler(w -> false));
        try {
          rest.performRequest(delete);
        } catch (org.elasticsearch.client.ResponseException e) {
          // already gone, or no ILM on this cluster: nothing to clean
        }
      }
    }
  }
}
