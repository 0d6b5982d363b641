package dev.atconnector.ingest.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.setup.ClusterCheck.ClusterInfo;
import dev.atconnector.ingest.setup.FakeKibana.Reply;
import dev.atconnector.ingest.sink.SinkException;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

class ClusterCheckTest {
  private static Reply root(FakeKibana.Received r, String version) {
    if (r.uri().equals("/")) {
      return new Reply(200, "{\"cluster_name\":\"c1\",\"version\":{\"number\":\"" + version
          + "\",\"build_flavor\":\"default\"}}");
    }
    return r.uri().startsWith("/_ilm") ? new Reply(200, "{\"operation_mode\":\"RUNNING\"}") : new Reply(404, "{}");
  }

  private static ClusterInfo check(FakeKibana es) throws Exception {
    try (RestClient rest = RestClient.builder(HttpHost.create(es.uri().toString())).build()) {
      return ClusterCheck.check(rest, es.uri().toString());
    }
  }

  @Test
  void eightIsFineAndIlmIsSeen() throws Exception {
    try (FakeKibana es = new FakeKibana(r -> root(r, "8.19.12"))) {
      assertThat(check(es)).isEqualTo(new ClusterInfo("c1", "8.19.12", "default", true, java.util.List.of()));
    }
  }

  @Test
  void anOlderMajorIsRefusedWithTheVersionAndWhatToDo() throws Exception {
    try (FakeKibana es = new FakeKibana(r -> root(r, "7.17.25"))) {
      assertThatThrownBy(() -> check(es)).isInstanceOf(SinkException.class)
          .hasMessageContaining("version 7.17.25").hasMessageContaining("8.0 or newer");
    }
  }

  @Test
  void aNewerMajorIsAWarningNotARefusal() throws Exception {
    try (FakeKibana es = new FakeKibana(r -> root(r, "9.1.0"))) {
      ClusterInfo info = check(es);
      assertThat(info.warnings()).singleElement().asString().contains("9.1.0", "not tested");
    }
  }

  @Test
  void withoutTheRootEndpointTheVersionComesFromTheNode() throws Exception {
    try (FakeKibana es = new FakeKibana(r -> r.uri().startsWith("/_nodes")
        ? new Reply(200, "{\"cluster_name\":\"mini\",\"nodes\":{\"n1\":{\"version\":\"8.19.12\"}}}")
        : new Reply(405, "{}"))) {
      ClusterInfo info = check(es);
      assertThat(info.version()).isEqualTo("8.19.12");
      assertThat(info.name()).isEqualTo("mini");
      assertThat(info.ilm()).isFalse();
    }
  }

  @Test
  void refusedCredentialsAreAnAuthFailure() throws Exception {
    try (FakeKibana es = new FakeKibana(r -> new Reply(401, "{}"))) {
      assertThatThrownBy(() -> check(es)).isInstanceOfSatisfying(SinkException.class,
          e -> assertThat(e.authFailure()).isTrue());
    }
  }

  @Test
  void majors() {
    assertThat(ClusterCheck.major("8.19.12")).isEqualTo(8);
    assertThat(ClusterCheck.major("10.0.0-SNAPSHOT")).isEqualTo(10);
    assertThat(ClusterCheck.major("")).isEqualTo(-1);
    assertThat(ClusterCheck.major("x.y")).isEqualTo(-1);
  }
}
