package dev.atconnector.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CloudIdTest {
  private static String id(String name, String decoded) {
    return name + ":" + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theExampleOfElasticsDocumentationGivesElasticsearchAndKibanaOnPort443() {
    // the Cloud ID of Elastic's Beats documentation (cloud.id)
    CloudId cloud = CloudId.parse("staging:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyRjZWM2ZjI2MWE3NGJmMjRjZTMzYmI4ODExYjg0Mjk0ZiRjNmMy"
        + "Y2E2ZDA0MjI0OWFmMGNjN2Q3YTllOTYyNTc0Mw==");
    assertThat(cloud.name()).isEqualTo("staging");
    assertThat(cloud.elasticsearch())
        .isEqualTo(URI.create("https://cec6f261a74bf24ce33bb8811b84294f.us-east-1.aws.found.io:443"));
    assertThat(cloud.kibana())
        .hasValue(URI.create("https://c6c2ca6d042249af0cc7d7a9e9625743.us-east-1.aws.found.io:443"));
  }

  @Test
  void aPortInTheHostPartIsKeptAndTheKibanaPartMayBeMissing() {
    CloudId cloud = CloudId.parse(id("my-deployment", "us-central1.gcp.cloud.es.io:9243$4fa8821e75634032bed1cf22110e2f97"));
    assertThat(cloud.elasticsearch())
        .isEqualTo(URI.create("https://4fa8821e75634032bed1cf22110e2f97.us-central1.gcp.cloud.es.io:9243"));
    assertThat(cloud.kibana()).isEmpty();
    // the deployment name may itself contain colons only before the first one: the rest is base64
    assertThat(CloudId.parse(id("", "eu-west-1.aws.found.io$a$b")).elasticsearch().getHost())
        .isEqualTo("a.eu-west-1.aws.found.io");
  }

  @Test
  void aBadIdNamesTheFlagAndWhatToDo() {
    assertThatThrownBy(() -> CloudId.parse("prod:not base64!"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--es-cloud-id (ES_CLOUD_ID)")
        .hasMessageContaining("not base64").hasMessageContaining("Elastic Cloud console");
    assertThatThrownBy(() -> CloudId.parse(id("prod", "just-a-host")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("host$es-uuid$kibana-uuid");
    assertThatThrownBy(() -> CloudId.parse(id("prod", "host:99999$a$b")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("port '99999'");
  }
}
