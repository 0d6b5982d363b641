package dev.atconnector.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void neverPrintsItsValue() {
    Secret s = Secret.of("  abc123\n");
    assertThat(s.toString()).isEqualTo("****");
    assertThat(String.valueOf(s)).doesNotContain("abc123");
    assertThat(s.reveal()).isEqualTo("abc123");
  }

  @Test
  void emptyIsRefused() {
    assertThatThrownBy(() -> Secret.of(" \n")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterSecondsAreParsedAndBounded() {
    assertThat(AtClient.parseRetryAfter("7")).hasSeconds(7);
    assertThat(AtClient.parseRetryAfter("999999")).hasSeconds(3600);
    assertThat(AtClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(AtClient.parseRetryAfter(null)).isNull();
  }
}
