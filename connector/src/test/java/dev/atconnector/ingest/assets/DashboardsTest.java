package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.assets.SavedObjects.Line;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The saved objects in dashboards/ are importable as they stand: well-formed, self-contained, on known fields. */
class DashboardsTest {
  private static final SavedObjects OBJECTS = SavedObjects.load();

  @Test
  void everyLineIsASavedObjectWithTypeIdAndAttributes() {
    assertThat(OBJECTS.lines()).hasSizeGreaterThan(3);
    for (Line l : OBJECTS.lines()) {
      assertThat(l.type()).as(l.toString()).isIn("index-pattern", "lens", "dashboard");
      assertThat(l.id()).as(l.toString()).matches("at-connector-[a-z0-9-]+");
      assertThat(l.object().path("attributes").path("title").asText()).as(l.toString()).isNotBlank();
      assertThat(l.object().path("typeMigrationVersion").asText()).as(l.toString()).matches("8\\.\\d+\\.\\d+");
    }
  }

  @Test
  void idsAreUnique() {
    List<String> ids = OBJECTS.lines().stream().map(Line::id).toList();
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void theDataViewCoversTheEventIndicesByTimestamp() {
    List<Line> views = OBJECTS.ofType("index-pattern");
    assertThat(views).hasSize(1);
    JsonNode a = views.get(0).object().path("attributes");
    assertThat(a.path("title").asText()).isEqualTo("activity-tracker-20*");
    assertThat(a.path("timeFieldName").asText()).isEqualTo("@timestamp");
  }

  @Test
  void everyReferenceResolvesWithinTheFiles() {
    Set<String> present = OBJECTS.lines().stream().map(l -> l.type() + "/" + l.id()).collect(Collectors.toSet());
    for (Line l : OBJECTS.lines()) {
      for (JsonNode ref : l.object().path("references")) {
        assertThat(present).as("%s references %s", l, ref).contains(ref.path("type").asText() + "/"
            + ref.path("id").asText());
      }
    }
  }

  @Test
  void everyLensLayerNamesItsDataView() {
    for (Line l : OBJECTS.ofType("lens")) {
      LensPanel panel = LensPanel.of(l);
      Map<String, String> refs = references(l);
      assertThat(refs).as(l.toString()).containsEntry("indexpattern-datasource-layer-" + panel.layerId(),
          "index-pattern/at-connector-data-view");
    }
  }

  @Test
  void everyDashboardPanelHasItsReferenceAndNoTwoPanelsOverlap() {
    for (Line d : OBJECTS.ofType("dashboard")) {
      Map<String, String> refs = references(d);
      List<int[]> boxes = new ArrayList<>();
      Set<String> indexes = new HashSet<>();
      for (JsonNode p : SavedObjects.panels(d)) {
        String index = p.path("panelIndex").asText();
        assertThat(indexes.add(index)).as("%s: panelIndex %s twice", d, index).isTrue();
        assertThat(p.path("panelRefName").asText()).isEqualTo("panel_" + index);
        assertThat(refs).as("%s panel %s", d, index).containsKey(index + ":panel_" + index);
        assertThat(refs.get(index + ":panel_" + index)).startsWith(p.path("type").asText() + "/");
        JsonNode g = p.path("gridData");
        int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
        assertThat(box[0] + box[2]).as("%s panel %s fits the 48-column grid", d, index).isLessThanOrEqualTo(48);
        for (int[] other : boxes) {
          boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
              || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
          assertThat(apart).as("%s panel %s overlaps another", d, index).isTrue();
        }
        boxes.add(box);
      }
      assertThat(refs).as("%s: a reference no panel uses", d).hasSize(indexes.size());
    }
  }

  @Test
  void everyLensPanelIsOnADashboard() {
    Set<String> used = new HashSet<>();
    OBJECTS.ofType("dashboard").forEach(d -> d.object().path("references")
        .forEach(r -> used.add(r.path("id").asText())));
    assertThat(used).containsAll(OBJECTS.ofType("lens").stream().map(Line::id).toList());
  }

  @Test
  void everyFieldAPanelUsesIsAKnownMappedField() {
    Set<String> fields = OBJECTS.fieldsUsed();
    assertThat(fields).isNotEmpty();
    assertThat(DashboardFields.KNOWN.keySet()).containsAll(fields);
    fields.forEach(f -> assertThat(DashboardFields.AGGREGATABLE_TYPES).as(f)
        .contains(DashboardFields.KNOWN.get(f)));
  }

  @Test
  void everyFieldAPanelUsesIsInTheShippedMappingWithItsKnownType() throws java.io.IOException {
    JsonNode mappings = SavedObjects.JSON.readTree(Repo.root().resolve("mappings/activity-tracker@mappings.json")
        .toFile()).at("/template/mappings");
    for (String field : OBJECTS.fieldsUsed()) {
      JsonNode node = mappings;
      for (String part : field.split("\\.")) {
        node = node.path("properties").path(part);
      }
      assertThat(node.path("type").asText("not mapped")).as(field).isEqualTo(DashboardFields.KNOWN.get(field));
    }
  }

  @Test
  void everyPanelTranslatesToASearch() {
    for (LensPanel p : OBJECTS.lensPanels()) {
      JsonNode body = PanelSearch.body(p);
      assertThat(body.path("query").isObject()).as(p.id()).isTrue();
      assertThat(p.metrics()).as("%s has a metric", p.id()).isNotEmpty();
    }
  }

  @Test
  void theDashboardsShowWhatIssues7And13AskFor() {
    Map<String, Set<String>> fieldsByDashboard = new HashMap<>();
    Map<String, LensPanel> lens = new HashMap<>();
    OBJECTS.lensPanels().forEach(p -> lens.put(p.id(), p));
    for (Line d : OBJECTS.ofType("dashboard")) {
      Set<String> fields = new HashSet<>();
      Set<String> queries = new HashSet<>();
      d.object().path("references").forEach(r -> {
        LensPanel p = lens.get(r.path("id").asText());
        fields.addAll(p.fields());
        queries.add(p.query());
      });
      fields.addAll(queries.stream().map(q -> "query:" + q).toList());
      fieldsByDashboard.put(d.id(), fields);
    }
    assertThat(fieldsByDashboard.get("at-connector-overview")).contains("@timestamp", "event.outcome",
        "event.action", "event.category", "event.provider", "user.name", "cloud.service.name", "source.ip",
        "event.severity");
    assertThat(fieldsByDashboard.get("at-connector-security")).contains(
        "ibmcloud.activity_tracker.hour_of_day", "ibmcloud.activity_tracker.day_of_week",
        "query:event.category:authentication and event.outcome:failure",
        "query:event.category:iam and event.type:(creation or deletion or change)");
  }

  @Test
  void authenticationFailuresAreShownByUser() {
    assertThat(OBJECTS.lensPanels()).anyMatch(p -> p.query().equals(
        "event.category:authentication and event.outcome:failure") && p.fields().contains("user.name"));
  }

  private static Map<String, String> references(Line l) {
    Map<String, String> refs = new HashMap<>();
    l.object().path("references").forEach(r -> refs.put(r.path("name").asText(),
        r.path("type").asText() + "/" + r.path("id").asText()));
    return refs;
  }
}
