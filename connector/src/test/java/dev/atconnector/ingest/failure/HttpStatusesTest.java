package dev.atconnector.ingest.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one table of HTTP statuses: status × side → kind, and whether the same request may be sent again. */
class HttpStatusesTest {
  @ParameterizedTest(name = "{0} answering {1} is {2}")
  @CsvSource({
      "ACTIVITY_TRACKER, 0, UNAVAILABLE, true",
      "ACTIVITY_TRACKER, 401, AUTH, false",
      "ACTIVITY_TRACKER, 403, AUTH, false",
      "ACTIVITY_TRACKER, 400, REJECTED, false",
      "ACTIVITY_TRACKER, 404, REJECTED, false",
      "ACTIVITY_TRACKER, 408, UNAVAILABLE, true",
      "ACTIVITY_TRACKER, 429, UNAVAILABLE, true",
      "ACTIVITY_TRACKER, 500, UNAVAILABLE, true",
      "ACTIVITY_TRACKER, 503, UNAVAILABLE, true",
      "IAM, 400, AUTH, false",
      "IAM, 401, AUTH, false",
      "IAM, 403, AUTH, false",
      "IAM, 404, UNAVAILABLE, true",
      "IAM, 502, UNAVAILABLE, true",
      "IAM, 0, UNAVAILABLE, true",
      "ELASTICSEARCH, 0, UNAVAILABLE, true",
      "ELASTICSEARCH, 400, REJECTED, false",
      "ELASTICSEARCH, 401, AUTH, false",
      "ELASTICSEARCH, 403, AUTH, false",
      "ELASTICSEARCH, 404, REJECTED, false",
      "ELASTICSEARCH, 409, CONFLICT, false",
      "ELASTICSEARCH, 413, REJECTED, false",
      "ELASTICSEARCH, 429, UNAVAILABLE, true",
      "ELASTICSEARCH, 503, UNAVAILABLE, true",
      "ELASTICSEARCH, 200, BAD_DATA, false",
      "ELASTICSEARCH, 301, REJECTED, false",
      "KIBANA, 0, UNAVAILABLE, true",
      "KIBANA, 401, AUTH, false",
      "KIBANA, 403, AUTH, false",
      "KIBANA, 400, REJECTED, false",
      "KIBANA, 409, CONFLICT, false",
      "KIBANA, 500, UNAVAILABLE, true",
      "KIBANA, 503, UNAVAILABLE, true",
  })
  void aStatusFromASideIsOneKind(Side side, int status, Kind kind, boolean retryable) {
    Failure failure = Failure.http(side, status);

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.retryable()).isEqualTo(retryable);
    assertThat(failure.answered()).isEqualTo(status > 0);
    assertThat(failure.side()).isEqualTo(side);
  }
}
