package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.sim.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboards against a real Elasticsearch holding simulator events (space and account level, Friday to Monday so
 * weekend and night hours are in): every field they use is mapped aggregatable, and every panel's own query and
 * aggregations (translated from the NDJSON, not restated here) return data.
 */
@ExtendWith(ElasticsearchExtension.class)
class DashboardsIT {
  private static final String TOKEN = "assets-it-token-not-for-logs";
  private static final SavedObjects OBJECTS = SavedObjects.load();
  private static String prefix;
  private static RestClient rest;

  @BeforeAll
  static void ingestFourDaysOfSpaceAndAccountEvents(EsEndpoint es) throws IOException {
    prefix = "it-assets-" + ProcessHandle.current().pid() + "-";
    var builder = RestClient.builder(new HttpHost(es.host(), es.port(), es.uri().getScheme()));
    es.authorizationHeader().ifPresent(h -> builder.setDefaultHeaders(new Header[] {
        new BasicHeader("Authorization", h)}));
    rest = builder.build();
    try (Simulator sim = Simulator.builder().seed(11).eventsPerDay(400).gzipLevel(1).token(TOKEN, "it@example.com")
        .start()) {
      Map<String, String> env = new HashMap<>();
      env.put("AT_TOKEN", TOKEN);
      env.put("AT_ENDPOINT", sim.baseUrl());
      env.put("AT_SPACE_ID", "assets-space");
      env.putAll(es.environment());
      env.put("ES_COMPRESS", "false");
      for (List<String> scope : List.of(List.<String>of(), List.of("--account"))) {
        List<String> args = new ArrayList<>(List.of("ingest", "--destination", "monthly", "--index-prefix", prefix,
            "--start", "2019-06-07",
            "--end", "2019-06-10"));
        args.addAll(scope);
        CliModel.Result run = CliModel.run(args, env);
        assertThat(run.code()).as("%s\n%s\n%s", args, run.out(), run.err()).isZero();
      }
    }
    call("POST", "/" + prefix + "*/_refresh", null);
  }

  @AfterAll
  static void deleteTheIndices() throws IOException {
    if (rest != null) {
      try {
        call("DELETE", "/" + prefix + "*", null);
      } finally {
        rest.close();
      }
    }
  }

  private static JsonNode call(String method, String path, String body) throws IOException {
    Request request = new Request(method, path);
    if (body != null) {
      request.setJsonEntity(body);
    }
    var response = rest.performRequest(request);
    return SavedObjects.JSON.readTree(new String(response.getEntity().getContent().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  private static String family(String type) {
    return switch (type) {
      case "long", "integer", "short", "byte" -> "number";
      case "constant_keyword" -> "keyword";
      default -> type;
    };
  }

  /** The type of a dotted field in a mappings object, or "missing". */
  private static String mappedType(JsonNode mappings, String field) {
    JsonNode node = mappings;
    for (String part : field.split("\\.")) {
      node = node.path("properties").path(part);
    }
    return node.path("type").asText("missing");
  }

  @Test
  void everyFieldTheDashboardsUseIsMappedAggregatableInTheTemplateAndTheIndices() throws IOException {
    Set<String> fields = OBJECTS.fieldsUsed();
    String index = call("GET", "/" + prefix + "20*/_mapping", null).fieldNames().next();
    JsonNode template = call("POST", "/_index_template/_simulate_index/" + index, null)
        .path("template").path("mappings");
    JsonNode caps = call("GET", "/" + prefix + "20*/_field_caps?fields=" + String.join(",", fields), null)
        .path("fields");
    for (String field : fields) {
      String expected = DashboardFields.KNOWN.get(field);
      assertThat(family(mappedType(template, field))).as("%s in the index template for %s", field, index)
          .isEqualTo(family(expected));
      JsonNode byType = caps.path(field);
      assertThat(byType.size()).as("%s: one type across the event indices: %s", field, byType).isEqualTo(1);
      Map.Entry<String, JsonNode> only = byType.properties().iterator().next();
      assertThat(family(only.getKey())).as("%s in the indices", field).isEqualTo(family(expected));
      assertThat(only.getValue().path("aggregatable").asBoolean()).as("%s aggregatable", field).isTrue();
    }
  }

  @Test
  void everyPanelShowsDataFromSimulatorEvents() throws IOException {
    List<String> empty = new ArrayList<>();
    for (LensPanel panel : OBJECTS.lensPanels()) {
      String body = PanelSearch.body(panel).toString();
      JsonNode response = call("POST", "/" + prefix + "20*/_search", body);
      if (!PanelSearch.showsData(panel, response)) {
        String text = response.toString();
        empty.add(panel.title() + " (" + panel.id() + ")\n  request: " + body + "\n  response: "
            + text.substring(0, Math.min(600, text.length())));
      }
    }
    assertThat(empty).as("panels that would show nothing").isEmpty();
  }
}
