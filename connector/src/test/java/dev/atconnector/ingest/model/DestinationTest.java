package dev.atconnector.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DestinationTest {
  private static final long JULY_2018 = Instant.parse("2018-07-31T23:59:59Z").toEpochMilli();

  @Test
  void aDataStreamTakesEveryEventWhateverItsTime() {
    Destination.DataStream ds = Destination.dataStream("prod");
    assertThat(ds.name()).isEqualTo("logs-ibmcloud.activity_tracker-prod");
    assertThat(ds.index(JULY_2018)).isEqualTo(ds.index(0L)).isEqualTo(ds.name());
    assertThat(ds.searchTarget()).isEqualTo(ds.name());
    assertThat(ds.checkpointKey()).isEqualTo(ds.name());
  }

  @Test
  void monthlyIndicesFollowTheEventsMonth() {
    Destination.Monthly m = Destination.monthly("audit-");
    assertThat(m.index(JULY_2018)).isEqualTo("audit-2018.07");
    assertThat(m.searchTarget()).isEqualTo("audit-20*");
    assertThat(m.checkpointKey()).isEqualTo("audit-");
  }

  @Test
  void namespacesAreCheckedAsElasticsearchAndFleetDo() {
    for (String ok : new String[] {"default", "prod_eu", "team.a", "n1"}) {
      assertThat(Destination.dataStream(ok).namespace()).isEqualTo(ok);
    }
    for (String bad : new String[] {"", "Prod", "a-b", "a b", "a*", "_x", ".x", "x".repeat(101), "a:b"}) {
      assertThatThrownBy(() -> Destination.dataStream(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("namespace '" + bad + "'").hasMessageContaining("no '-'");
    }
  }
}
