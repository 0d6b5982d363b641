package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.model.Destination;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DestinationOptionsTest {
  private static DestinationOptions options(String kind, String namespace, String retention, String pipeline) {
    DestinationOptions o = new DestinationOptions();
    o.kind = kind;
    o.namespace = namespace;
    o.retention = retention;
    o.pipeline = pipeline;
    return o;
  }

  @Test
  void theDataStreamIsTheDefaultAndCarriesRetentionAndPipeline() {
    Destination d = options("data-stream", "default", "400d", "mine").destination("activity-tracker-");
    assertThat(d).isEqualTo(new Destination.DataStream("default", Optional.of("mine"), Optional.of("400d")));
    assertThat(options("monthly", "default", null, null).destination("audit-"))
        .isEqualTo(Destination.monthly("audit-"));
  }

  @Test
  void badValuesNameTheirFlag() {
    assertThatThrownBy(() -> options("stream", "default", null, null).destination("p-"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--destination (AT_DESTINATION) 'stream'");
    assertThatThrownBy(() -> options("data-stream", "my-ns", null, null).destination("p-"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--namespace (AT_NAMESPACE)");
    assertThatThrownBy(() -> options("data-stream", "default", "forever", null).destination("p-"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--retention (AT_RETENTION)");
    assertThatThrownBy(() -> options("data-stream", "default", null, "a b").destination("p-"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--pipeline (AT_PIPELINE)");
    assertThatThrownBy(() -> options("monthly", "default", null, null).destination("Bad-"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--index-prefix");
  }
}
