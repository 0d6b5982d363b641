package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PanelSearchTest {
  private static final SavedObjects OBJECTS = SavedObjects.load();

  private static LensPanel panel(String id) {
    return OBJECTS.lensPanels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  private static JsonNode json(String text) throws IOException {
    return SavedObjects.JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void bucketColumnsNestInLensOrderWithThePanelQuery() throws IOException {
    JsonNode body = PanelSearch.body(panel("at-connector-overview-failures"));
    assertThat(body.path("query")).isEqualTo(json("{'match':{'event.outcome':'failure'}}"));
    assertThat(body.path("aggs").path("b0")).isEqualTo(json(
        "{'terms':{'field':'cloud.service.name','size':10,'order':{'_count':'desc'}}}"));

    JsonNode nested = PanelSearch.body(panel("at-connector-overview-outcome")).path("aggs").path("b0");
    assertThat(nested.path("date_histogram").path("field").asText()).isEqualTo("@timestamp");
    assertThat(nested.path("aggs").path("b1").path("terms").path("field").asText()).isEqualTo("event.outcome");
  }

  @Test
  void uniqueCountsAreCardinalitiesInTheInnermostBucket() {
    JsonNode b0 = PanelSearch.body(panel("at-connector-overview-initiators")).path("aggs").path("b0");
    assertThat(b0.path("aggs").path("m_actions").path("cardinality").path("field").asText())
        .isEqualTo("event.action");
  }

  @Test
  void showsDataOnlyWhenSomeBucketPathEndsInPositiveMetrics() throws IOException {
    LensPanel p = panel("at-connector-overview-initiators");
    assertThat(PanelSearch.showsData(p, json("{'hits':{'total':{'value':0}},'aggregations':{'b0':{'buckets':[]}}}")))
        .isFalse();
    assertThat(PanelSearch.showsData(p, json("{'hits':{'total':{'value':5}},'aggregations':{'b0':{'buckets':["
        + "{'key':'x','doc_count':5,'m_actions':{'value':0}}]}}}"))).isFalse();
    assertThat(PanelSearch.showsData(p, json("{'hits':{'total':{'value':5}},'aggregations':{'b0':{'buckets':["
        + "{'key':'x','doc_count':5,'m_actions':{'value':2}}]}}}"))).isTrue();

    LensPanel metricOnly = panel("at-connector-security-failed-logins");
    assertThat(PanelSearch.showsData(metricOnly, json("{'hits':{'total':{'value':0}}}"))).isFalse();
    assertThat(PanelSearch.showsData(metricOnly, json("{'hits':{'total':{'value':3}}}"))).isTrue();
  }
}
