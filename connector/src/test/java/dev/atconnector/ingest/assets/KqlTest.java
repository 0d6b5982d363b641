package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KqlTest {
  private static String es(String kql) {
    return Kql.parse(kql).es().toString();
  }

  @Test
  void blankMatchesEverything() {
    assertThat(es("  ")).isEqualTo("{\"match_all\":{}}");
  }

  @Test
  void fieldValueIsAMatchAQuotedValueAPhraseAStarAWildcard() {
    assertThat(es("event.outcome:failure")).isEqualTo("{\"match\":{\"event.outcome\":\"failure\"}}");
    assertThat(es("user.name:\"John Smith\"")).isEqualTo("{\"match_phrase\":{\"user.name\":\"John Smith\"}}");
    assertThat(es("event.action:*.login")).isEqualTo("{\"wildcard\":{\"event.action\":{\"value\":\"*.login\"}}}");
  }

  @Test
  void aLoneStarIsAnExistsQueryAsInKibana() {
    assertThat(es("source.ip:*")).isEqualTo("{\"exists\":{\"field\":\"source.ip\"}}");
    assertThat(es("a.b:(\"x:y\" or z*)")).isEqualTo("{\"bool\":{\"should\":[{\"match_phrase\":{\"a.b\":\"x:y\"}},"
        + "{\"wildcard\":{\"a.b\":{\"value\":\"z*\"}}}],\"minimum_should_match\":1}}");
  }

  @Test
  void valueListsAndRanges() {
    assertThat(es("at.day_of_week:(saturday or sunday)")).isEqualTo("{\"bool\":{\"should\":["
        + "{\"match\":{\"at.day_of_week\":\"saturday\"}},{\"match\":{\"at.day_of_week\":\"sunday\"}}],"
        + "\"minimum_should_match\":1}}");
    assertThat(es("at.hour_of_day >= 19")).isEqualTo("{\"range\":{\"at.hour_of_day\":{\"gte\":\"19\"}}}");
    assertThat(es("at.hour_of_day<7")).isEqualTo("{\"range\":{\"at.hour_of_day\":{\"lt\":\"7\"}}}");
  }

  @Test
  void andBindsTighterThanOrAndNotNegates() {
    assertThat(es("a:1 or b:2 AND not c:3")).isEqualTo("{\"bool\":{\"should\":[{\"match\":{\"a\":\"1\"}},"
        + "{\"bool\":{\"filter\":[{\"match\":{\"b\":\"2\"}},{\"bool\":{\"must_not\":[{\"match\":{\"c\":\"3\"}}]}}]}}],"
        + "\"minimum_should_match\":1}}");
    assertThat(es("(a:1 or b:2) and c:3")).startsWith("{\"bool\":{\"filter\":[{\"bool\":{\"should\"");
  }

  @Test
  void collectsEveryField() {
    assertThat(Kql.parse("x:1 and (y < 2 or not z:(a or b))").fields()).containsExactlyInAnyOrder("x", "y", "z");
  }

  @Test
  void unsupportedSyntaxFailsNamingTheQueryAndPosition() {
    assertThatThrownBy(() -> Kql.parse("event.outcome = failure")).hasMessageContaining("'event.outcome = failure'")
        .hasMessageContaining("position");
    assertThatThrownBy(() -> Kql.parse("a:b)")).hasMessageContaining("expected end at position 3");
    assertThatThrownBy(() -> Kql.parse("a:(b or")).hasMessageContaining("a value for field 'a'");
    assertThatThrownBy(() -> Kql.parse("a:\"open")).hasMessageContaining("unclosed quote");
  }
}
