package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.assets.DetectionRules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Every detection rule against a real Elasticsearch holding the simulator's {@code security} scenario as documents of
 * the docs/fields.md shape ({@link ScenarioDocs}, indexed directly): each rule alerts on exactly its triggers
 * ({@link ScenarioExpectations}) and on none of the lookalikes. {@code DetectionRulesScenarioIT} does the same on
 * what the connector indexes.
 */
@ExtendWith(ElasticsearchExtension.class)
class DetectionRulesFixtureIT {
  private static RestClient rest;
  private static String index;

  @BeforeAll
  static void indexTheScenarioDocuments(EsEndpoint es) throws IOException {
    rest = client(es);
    index = "it-rules-fixture-" + ProcessHandle.current().pid();
    call(rest, "PUT", "/" + index, ScenarioDocs.mapping());
    StringBuilder bulk = new StringBuilder();
    ScenarioDocs.documents("rules-space", Instant.parse("2019-06-10T23:59:00Z")).forEach((id, doc) -> bulk
        .append("{\"create\":{\"_id\":\"").append(id).append("\"}}\n").append(doc).append('\n'));
    JsonNode result = call(rest, "POST", "/" + index + "/_bulk?refresh=true", bulk.toString());
    assertThat(result.path("errors").asBoolean()).as("%s", result).isFalse();
  }

  @AfterAll
  static void deleteTheIndex() throws IOException {
    if (rest != null) {
      try {
        call(rest, "DELETE", "/" + index, null);
      } finally {
        rest.close();
      }
    }
  }

  static RestClient client(EsEndpoint es) {
    var builder = RestClient.builder(new HttpHost(es.host(), es.port(), es.uri().getScheme()));
    es.authorizationHeader().ifPresent(h -> builder.setDefaultHeaders(new Header[] {
        new BasicHeader("Authorization", h)}));
    return builder.build();
  }

  static JsonNode call(RestClient client, String method, String path, String body) throws IOException {
    Request request = new Request(method, path);
    if (body != null) {
      request.setEntity(new org.apache.http.entity.StringEntity(body, org.apache.http.entity.ContentType.create(
          path.contains("_bulk") ? "application/x-ndjson" : "application/json", StandardCharsets.UTF_8)));
    }
    var response = client.performRequest(request);
    return DetectionRules.JSON.readTree(new String(response.getEntity().getContent().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  /** Every rule of the file run on the indices, by rule name: the ids it alerts on. */
  static Map<String, Set<String>> runAll(RestClient client, String indices) throws IOException {
    Map<String, Set<String>> matches = new TreeMap<>();
    for (Rule rule : DetectionRules.load()) {
      RuleSearch.Search search = (ObjectNode body) -> call(client, "POST", "/" + indices + "/_search",
          body.toString());
      matches.put(rule.name(), RuleSearch.matches(rule, search, ScenarioExpectations.EVALUATED_FROM));
    }
    return matches;
  }

  @Test
  void everyRuleMatchesExactlyItsTriggersAndNoLookalike() throws IOException {
    Map<String, Set<String>> matches = runAll(rest, index);

    assertThat(matches.keySet()).as("rules with an expectation").isEqualTo(ScenarioExpectations.MATCHES.keySet());
    Map<String, Set<String>> expected = new LinkedHashMap<>(new TreeMap<>(ScenarioExpectations.MATCHES));
    assertThat(matches).isEqualTo(expected);
  }

  @Test
  void theLookalikesAreThereForTheRulesToIgnore() throws IOException {
    JsonNode count = call(rest, "GET", "/" + index + "/_count", null);
    Set<String> triggers = new java.util.TreeSet<>();
    ScenarioExpectations.MATCHES.values().forEach(triggers::addAll);
    assertThat(count.path("count").asLong()).isGreaterThan(triggers.size() + 40L);
  }
}
