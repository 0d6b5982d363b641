package dev.atconnector.sim.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.sim.server.ApiError;
import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalInt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionQueryParserTest {
  private static final LocalDate TODAY = LocalDate.of(2018, 6, 28);

  private static SessionQuery parse(String body) {
    return SessionQueryParser.fromBody(body, TODAY);
  }

  private static void assertRejected(ThrowingCallable call, String code, String... mentions) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.body().get("message")).contains(mentions);
    });
  }

  @Test
  void emptyOrMissingBodyMeansTheLastFourteenDaysInclusive() {
    for (String body : new String[] {null, "", "  ", "{}", "null"}) {
      SessionQuery query = parse(body);
      assertThat(query.start()).isEqualTo(LocalDate.of(2018, 6, 15));
      assertThat(query.end()).isEqualTo(TODAY);
      assertThat(query.days()).isEqualTo(14);
      assertThat(query.accountLevel()).isFalse();
      assertThat(query.hour()).isEmpty();
    }
  }

  @Test
  void documentedRequestParses() {
    SessionQuery query = parse("{\"start\":\"2018-06-28\",\"end\":\"2018-06-28\",\"AtAccountLevel\":true,\"SearchTime\":\"\"}");
    assertThat(query).isEqualTo(new SessionQuery(TODAY, TODAY, true, OptionalInt.empty()));
    assertThat(query.days()).isEqualTo(1);
  }

  @Test
  void fifteenDaysInclusiveIsTheMaximum() {
    assertThat(parse("{\"start\":\"2018-06-01\",\"end\":\"2018-06-15\"}").days()).isEqualTo(15);
    assertRejected(() -> parse("{\"start\":\"2018-06-01\",\"end\":\"2018-06-16\"}"), "range_too_long", "16 days", "15");
  }

  @Test
  void missingStartDefaultsSoAnOldEndIsBeforeIt() {
    assertRejected(() -> parse("{\"end\":\"2018-06-01\"}"), "end_before_start", "2018-06-01", "2018-06-15");
    assertThat(parse("{\"start\":\"2018-06-20\"}").end()).isEqualTo(TODAY);
  }

  @Test
  void endBeforeStartIsRejected() {
    assertRejected(() -> parse("{\"start\":\"2018-06-10\",\"end\":\"2018-06-09\"}"), "end_before_start",
        "2018-06-09", "2018-06-10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2018-02-30", "2018-6-1", "28/06/2018", "2018-06-28T00:00:00Z", "yesterday"})
  void badDatesNameTheFieldAndValue(String value) {
    assertRejected(() -> parse("{\"start\":\"" + value + "\"}"), "invalid_date", "start", value, "YYYY-MM-DD");
    assertRejected(() -> parse("{\"end\":\"" + value + "\"}"), "invalid_date", "end", value);
  }

  @Test
  void nonStringDateIsRejected() {
    assertRejected(() -> parse("{\"start\":20180628}"), "invalid_date", "start", "20180628");
  }

  @Test
  void accountLevelTakesBooleansAndTheirStrings() {
    assertThat(parse("{\"AtAccountLevel\":\"true\"}").accountLevel()).isTrue();
    assertThat(parse("{\"AtAccountLevel\":\"FALSE\"}").accountLevel()).isFalse();
    assertThat(parse("{\"AtAccountLevel\":true}").accountLevel()).isTrue();
    assertRejected(() -> parse("{\"AtAccountLevel\":\"yes\"}"), "invalid_body", "AtAccountLevel", "yes");
    assertRejected(() -> parse("{\"AtAccountLevel\":1}"), "invalid_body", "AtAccountLevel");
  }

  @Test
  void searchTimeIsAnHourAsNumberOrString() {
    assertThat(parse("{\"SearchTime\":0}").hour()).hasValue(0);
    assertThat(parse("{\"SearchTime\":23}").hour()).hasValue(23);
    assertThat(parse("{\"SearchTime\":\"7\"}").hour()).hasValue(7);
    assertThat(parse("{\"SearchTime\":\"\"}").hour()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"24", "-1", "\"24\"", "\"x\"", "5.5", "\"5.0\"", "true", "[1]"})
  void badSearchTimeIsRejected(String value) {
    assertRejected(() -> parse("{\"SearchTime\":" + value + "}"), "invalid_search_time", "SearchTime", "0..23");
  }

  @Test
  void bodyMustBeAJsonObject() {
    assertRejected(() -> parse("{\"start\":"), "invalid_body", "not valid JSON");
    assertRejected(() -> parse("[1,2]"), "invalid_body", "JSON object", "ARRAY");
    assertRejected(() -> parse("\"2018-06-28\""), "invalid_body", "JSON object");
  }

  @Test
  void queryParametersFollowTheSameRules() {
    SessionQuery query = SessionQueryParser.fromParams(
        Map.of("start", "2018-06-20", "end", "2018-06-21", "AtAccountLevel", "true", "SearchTime", "3"), TODAY);
    assertThat(query).isEqualTo(
        new SessionQuery(LocalDate.of(2018, 6, 20), LocalDate.of(2018, 6, 21), true, OptionalInt.of(3)));
    assertRejected(() -> SessionQueryParser.fromParams(Map.of("SearchTime", "99"), TODAY), "invalid_search_time", "99");
  }

  @Test
  void longValuesAreShortenedInMessages() {
    String longValue = "x".repeat(500);
    assertThatThrownBy(() -> parse("{\"start\":\"" + longValue + "\"}"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.body().get("message")).hasSizeLessThan(200));
  }
}
