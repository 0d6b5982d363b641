package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.UtcCalendar;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2017-10-19T19:07:50.32+0000           | 2017-10-19T19:07:50.320Z",
      "2017-10-19 19:07:50.32 +0000 UTC      | 2017-10-19T19:07:50.320Z",
      "2018-07-16T15:00+0000                 | 2018-07-16T15:00:00Z",
      "2017-09-17 15:15:32.396 +0000 UTC     | 2017-09-17T15:15:32.396Z",
      "2018-07-16T15:00:03.062Z              | 2018-07-16T15:00:03.062Z",
      "2018-06-28T12:50:36.012383445Z        | 2018-06-28T12:50:36.012383445Z",
      "2019-05-30T18:42:48.96+0000           | 2019-05-30T18:42:48.960Z",
      "2019-05-30T18:42:48+02:00             | 2019-05-30T16:42:48Z",
      "2019-05-30T18:42:48.5-0130            | 2019-05-30T20:12:48.500Z",
      "2019-05-30T18:42:48.123456789+05:30   | 2019-05-30T13:12:48.123456789Z",
      "2019-05-30T18:42:48.1+05              | 2019-05-30T13:42:48.100Z",
      "2019-05-30T18:42:48z                  | 2019-05-30T18:42:48Z",
      "2019-05-30T18:42:48                   | 2019-05-30T18:42:48Z",
      "2019-05-30 18:42:48,25 -0700 MST      | 2019-05-31T01:42:48.250Z",
      "2016-02-29T23:59:59.999+0000          | 2016-02-29T23:59:59.999Z",
      "2018-12-31T23:30:00-01:00             | 2019-01-01T00:30:00Z",
      "1969-12-31T23:59:59.9Z                | 1969-12-31T23:59:59.900Z",
  })
  void parsesEveryDocumentedFormatToTheExactInstant(String text, String expected) {
    assertThat(EventTime.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "timestamp", "2017-10-19", "2017-13-19T19:07:50Z", "2017-02-29T19:07:50Z",
      "2017-10-19T24:07:50Z", "2017-10-19T19:60:50Z", "2017-10-19T19:07:61Z", "2017-10-19T19:07:50.Z",
      "2017-10-19T19:07:50.1234567890Z", "2017-10-19T19:07:50+2500", "2017-10-19T19:07:50 +0000 U2C",
      "2017-10-19X19:07:50Z", "2017-10-19T19:07:50Zjunk", "17-10-19T19:07:50Z", "2017-10-19T19:07:50 UTC",
      "0000-01-01T00:30:00+0100"})
  void rejectsWhatIsNotATime(String text) {
    assertThat(EventTime.parse(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "2017-10-19T19:07:50.32Z, 2017-10-19T19:07:50.320Z, 2017.10",
      "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z, 1970.01",
      "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z, 1969.12",
      "2000-02-29T12:00:00.5Z, 2000-02-29T12:00:00.500Z, 2000.02",
      "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z, 9999.12",
      "0001-01-01T00:00:00Z, 0001-01-01T00:00:00.000Z, 0001.01",
  })
  void formatsMillisAndMonthInUtc(String instant, String formatted, String month) {
    long millis = Instant.parse(instant).toEpochMilli();
    assertThat(EventTime.format(millis)).isEqualTo(formatted);
    assertThat(UtcCalendar.monthSuffix(millis)).isEqualTo(month);
  }
}
