package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.assets.DetectionRules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * detection-rules/ibmcloud-activity-tracker.ndjson as Kibana's rule import needs it and as issue 14 asks: every
 * rule complete, its KQL translatable, its fields in the docs/fields.md contract, and the file what build.py writes.
 */
class RulesFileTest {
  private static final List<Rule> RULES = DetectionRules.load();
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Set<String> FIELDS = Set.of("event.dataset", "event.action", "event.provider",
      "event.category", "event.type", "event.outcome", "user.name", "source.ip", "user_agent.original");

  @Test
  void atLeastTenRulesWithUniqueStableIdsAndNames() {
    assertThat(RULES).hasSizeGreaterThanOrEqualTo(10);
    assertThat(RULES).extracting(Rule::id).doesNotHaveDuplicates().allMatch(id -> UUID.matcher(id).matches());
    assertThat(RULES).extracting(Rule::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("IBM Cloud "));
  }

  @Test
  void everyRuleCarriesWhatSecurityAndTheIssueAsk() {
    for (Rule rule : RULES) {
      JsonNode r = rule.json();
      String name = rule.name();
      assertThat(r.path("description").asText()).as(name).hasSizeGreaterThan(80);
      assertThat(r.path("false_positives").size()).as(name).isPositive();
      assertThat(r.path("severity").asText()).as(name).isIn("low", "medium", "high", "critical");
      int risk = r.path("risk_score").asInt(-1);
      int[] band = switch (r.path("severity").asText()) {
        case "low" -> new int[] {0, 21};
        case "medium" -> new int[] {22, 47};
        case "high" -> new int[] {48, 73};
        default -> new int[] {74, 100};
      };
      assertThat(risk).as(name + " risk_score within its severity's band").isBetween(band[0], band[1]);
      assertThat(r.path("timestamp_override").asText()).as(name).isEqualTo("event.ingested");
      assertThat(rule.strings("index")).as(name)
          .containsExactly("logs-ibmcloud.activity_tracker-*", "activity-tracker-*");
      assertThat(rule.window()).as(name).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(r.path("interval").asText()).as(name).matches("\\d+m");
      assertThat(r.path("references").size()).as(name).isPositive();
      assertThat(rule.strings("tags")).as(name).contains("Domain: Cloud", "Data Source: IBM Cloud",
          "Use Case: Threat Detection").anyMatch(t -> t.startsWith("Tactic: "));
      assertThat(r.path("version").asInt()).as(name).isPositive();
      assertThat(r.path("author").size()).as(name).isPositive();
      // a rule names the licence the repository is under, and claims none while it has no LICENSE file
      if (Files.exists(Repo.root().resolve("LICENSE"))) {
        assertThat(r.path("license").asText()).as(name).isNotBlank();
      } else {
        assertThat(r.has("license")).as(name + " claims a licence, but the repository has no LICENSE file").isFalse();
      }
      assertThat(r.path("language").asText()).as(name).isEqualTo("kuery");
      assertThat(rule.query()).as(name).startsWith("event.dataset:ibmcloud.activity_tracker and ");
      threat(rule);
      switch (rule.type()) {
        case "threshold" -> assertThat(r.at("/threshold/value").asInt()).as(name).isGreaterThan(1);
        case "new_terms" -> assertThat(rule.history()).as(name).isGreaterThan(rule.window());
        default -> assertThat(rule.type()).as(name).isEqualTo("query");
      }
    }
  }

  private static void threat(Rule rule) {
    JsonNode threat = rule.json().path("threat");
    assertThat(threat.size()).as(rule.name() + " threat").isPositive();
    for (JsonNode t : threat) {
      assertThat(t.path("framework").asText()).isEqualTo("MITRE ATT&CK");
      String tactic = t.at("/tactic/id").asText();
      assertThat(tactic).as(rule.name()).matches("TA\\d{4}");
      assertThat(t.at("/tactic/reference").asText()).isEqualTo("https://attack.mitre.org/tactics/" + tactic + "/");
      assertThat(rule.strings("tags")).contains("Tactic: " + t.at("/tactic/name").asText());
      assertThat(t.path("technique").size()).as(rule.name()).isPositive();
      for (JsonNode tech : t.path("technique")) {
        String id = tech.path("id").asText();
        assertThat(id).as(rule.name()).matches("T\\d{4}");
        assertThat(tech.path("reference").asText()).isEqualTo("https://attack.mitre.org/techniques/" + id + "/");
        for (JsonNode sub : tech.path("subtechnique")) {
          assertThat(sub.path("id").asText()).startsWith(id + ".");
          assertThat(sub.path("reference").asText()).isEqualTo("https://attack.mitre.org/techniques/"
              + sub.path("id").asText().replace('.', '/') + "/");
        }
      }
    }
  }

  @Test
  void everyQueryIsTranslatableAndReadsOnlyFieldsOfTheDocumentContract() throws IOException {
    String contract = Files.readString(Repo.root().resolve("docs/fields.md"), StandardCharsets.UTF_8);
    for (Rule rule : RULES) {
      Set<String> used = new HashSet<>(Kql.parse(rule.query()).fields());
      used.addAll(rule.strings("new_terms_fields"));
      rule.json().at("/threshold/field").forEach(f -> used.add(f.asText()));
      for (String field : used) {
        if (field.startsWith("ibmcloud.activity_tracker.request_data.")) {
          assertThat(contract).contains("`request_data` | flattened");
        } else {
          assertThat(FIELDS).as(rule.name() + " reads " + field).contains(field);
          assertThat(contract).as(field + " in docs/fields.md").contains("`" + field + "`");
        }
      }
      assertThat(rule.json().path("note").asText()).as(rule.name()).startsWith("## Triage");
      for (JsonNode f : rule.json().at("/investigation_fields/field_names")) {
        String name = f.asText();
        assertThat(contract).as(rule.name() + " investigation field " + name)
            .contains("`" + (name.startsWith("ibmcloud.activity_tracker.") ? name.substring(26) : name) + "`");
      }
      rule.json().path("required_fields").forEach(f -> assertThat(used.stream()
          .anyMatch(u -> u.equals(f.path("name").asText()) || u.startsWith(f.path("name").asText() + ".")))
          .as(rule.name() + " required field " + f).isTrue());
    }
  }

  @Test
  void theIndexPatternsCoverTheMonthlyIndicesButNotTheCheckpoints() {
    String monthly = dev.atconnector.ingest.sink.IndexTemplates.DEFAULT_PREFIX + "2019.06";
    for (Rule rule : RULES) {
      List<Pattern> globs = rule.strings("index").stream()
          .map(g -> Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q"))).toList();
      assertThat(globs).as(rule.name()).anyMatch(g -> g.matcher(monthly).matches())
          .anyMatch(g -> g.matcher("logs-ibmcloud.activity_tracker-default").matches())
          .noneMatch(g -> g.matcher("at-connector-checkpoints").matches());
    }
  }

  @Test
  void theFileEndsWithTheExportSummaryKibanaWrites() throws IOException {
    List<String> lines = Files.readAllLines(DetectionRules.file(), StandardCharsets.UTF_8);
    JsonNode summary = DetectionRules.JSON.readTree(lines.get(lines.size() - 1));
    assertThat(summary.path("exported_rules_count").asInt()).isEqualTo(RULES.size());
    assertThat(summary.path("exported_count").asInt()).isEqualTo(RULES.size());
  }

  @Test
  void theNdjsonIsWhatBuildPyWrites() throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "detection-rules/build.py", "--check"));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no python3 here to run detection-rules/build.py --check: " + e.getMessage());
      return;
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void newTermsTranslationAlertsOnlyOnAValueNotSeenInTheHistoryBeforeIt() throws IOException {
    Rule rule = RULES.stream().filter(r -> r.type().equals("new_terms")).findFirst().orElseThrow();
    JsonNode response = DetectionRules.JSON.readTree(String.format(java.util.Locale.ROOT, """
        {"hits":{"total":{"value":6},"hits":[
          {"_id":"old","fields":{"@timestamp":["%d"],"user.name":["a"],"source.ip":["1.1.1.1"]}},
          {"_id":"seen","fields":{"@timestamp":["%d"],"user.name":["a"],"source.ip":["1.1.1.1"]}},
          {"_id":"new","fields":{"@timestamp":["%d"],"user.name":["a"],"source.ip":["2.2.2.2"]}},
          {"_id":"again","fields":{"@timestamp":["%d"],"user.name":["a"],"source.ip":["2.2.2.2"]}},
          {"_id":"other-user","fields":{"@timestamp":["%d"],"user.name":["b"],"source.ip":["1.1.1.1"]}},
          {"_id":"no-ip","fields":{"@timestamp":["%d"],"user.name":["c"]}}]}}""",
        at("2019-06-01T00:00:00Z"), at("2019-06-10T01:00:00Z"), at("2019-06-10T02:00:00Z"),
        at("2019-06-10T03:00:00Z"), at("2019-06-10T04:00:00Z"), at("2019-06-10T05:00:00Z")));

    Set<String> ids = RuleSearch.newTerms(rule, response, Instant.parse("2019-06-10T00:00:00Z"));

    // "seen" had "old" 9 days before: outside the 7-day history, so new again
    assertThat(ids).containsExactly("new", "other-user", "seen");
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
