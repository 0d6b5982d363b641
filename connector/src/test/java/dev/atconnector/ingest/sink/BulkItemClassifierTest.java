package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import dev.atconnector.ingest.sink.BulkItemClassifier.ItemOutcome;
import dev.atconnector.ingest.sink.BulkItemClassifier.RequestOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkItemClassifierTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "200, , INDEXED",
      "201, , INDEXED",
      "409, version_conflict_engine_exception, DUPLICATE",
      "429, es_rejected_execution_exception, RETRY",
      "429, circuit_breaking_exception, RETRY",
      "500, exception, RETRY",
      "503, unavailable_shards_exception, RETRY",
      // load shedding is retried whatever status it comes with
      "400, es_rejected_execution_exception, RETRY",
      "400, CIRCUIT_BREAKING_EXCEPTION, RETRY",
      "400, mapper_parsing_exception, REJECT",
      "400, document_parsing_exception, REJECT",
      "400, illegal_argument_exception, REJECT",
      "400, strict_dynamic_mapping_exception, REJECT",
      "400, , REJECT",
      "413, , REJECT",
      "422, whatever, REJECT",
      "401, security_exception, AUTH",
      "403, security_exception, AUTH",
      "404, index_not_found_exception, FATAL",
      "302, , FATAL",
  })
  void classifiesItems(int status, String type, ItemOutcome expected) {
    assertThat(BulkItemClassifier.classifyItem(status, type)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, SPLIT",
      "413, SPLIT",
      "401, AUTH",
      "403, AUTH",
      "404, FATAL",
      "405, FATAL",
      "429, RETRY",
      "500, RETRY",
      "502, RETRY",
      "503, RETRY",
      "504, RETRY",
  })
  void classifiesRequestFailuresByStatus(int status, RequestOutcome expected) {
    ElasticsearchException failure = new ElasticsearchException("es/bulk",
        ErrorResponse.of(e -> e.status(status).error(c -> c.type("some_exception").reason("reason"))));
    assertThat(BulkItemClassifier.classifyFailure(failure)).isEqualTo(expected);
    assertThat(BulkItemClassifier.classifyFailure(new CompletionException(failure))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void failuresWithoutAnAnswerAreRetriedOnlyWhenTheyAreIo() {
    assertThat(BulkItemClassifier.classifyFailure(new ConnectException("Connection refused")))
        .isEqualTo(RequestOutcome.RETRY);
    assertThat(BulkItemClassifier.classifyFailure(new CompletionException(new SocketTimeoutException("30,000 ms"))))
        .isEqualTo(RequestOutcome.RETRY);
    assertThat(BulkItemClassifier.classifyFailure(new IOException("Connection reset by peer")))
        .isEqualTo(RequestOutcome.RETRY);
    assertThat(BulkItemClassifier.classifyFailure(new IllegalStateException("bug")))
        .isEqualTo(RequestOutcome.FATAL);
  }
}
