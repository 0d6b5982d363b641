package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvDefaultsTest {
  @Test
  void namesFollowOneRule() {
    assertThat(EnvDefaults.variableFor("--endpoint")).isEqualTo("AT_ENDPOINT");
    assertThat(EnvDefaults.variableFor("--space")).isEqualTo("AT_SPACE_ID");
    assertThat(EnvDefaults.variableFor("--index-prefix")).isEqualTo("AT_INDEX_PREFIX");
    assertThat(EnvDefaults.variableFor("--es-url")).isEqualTo("ES_URL");
    assertThat(EnvDefaults.variableFor("--es-ca-cert")).isEqualTo("ES_CA_CERT");
  }
}
