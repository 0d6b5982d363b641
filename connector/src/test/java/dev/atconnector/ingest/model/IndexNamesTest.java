package dev.atconnector.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names derived from an index prefix, and the destinations that use them. */
class IndexNamesTest {
  @Test
  void theDeadLetterIndexAndTheMonthsFollowThePrefix() {
    assertThat(IndexNames.deadLetter(IndexNames.DEFAULT_PREFIX)).isEqualTo("activity-tracker-dead-letter");
    assertThat(IndexNames.deadLetter("prod-at-")).isEqualTo("prod-at-dead-letter");
    assertThat(IndexNames.allMonths("prod-at-")).isEqualTo("prod-at-20*");
    assertThat(Destination.monthly("prod-at-").searchTarget()).isEqualTo(IndexNames.allMonths("prod-at-"));
    assertThat(Destination.monthly("prod-at-").index(0L)).isEqualTo("prod-at-1970.01");
  }

  @Test
  void everyDataStreamSharesOneBase() {
    assertThat(Destination.dataStream("prod").name()).isEqualTo(Destination.STREAM_BASE + "-prod")
        .isEqualTo("logs-ibmcloud.activity_tracker-prod");
    assertThat(Destination.ALL_STREAMS).isEqualTo("logs-ibmcloud.activity_tracker-*");
  }
}
