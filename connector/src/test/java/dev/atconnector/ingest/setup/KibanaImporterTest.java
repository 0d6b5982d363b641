package dev.atconnector.ingest.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.setup.FakeKibana.Reply;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

class KibanaImporterTest {
  static final String FIXTURE = """
      {"type":"index-pattern","id":"at-dv","attributes":{"title":"activity-tracker-*","timeFieldName":"@timestamp"}}
      {"type":"dashboard","id":"at-overview","attributes":{"title":"AT overview","panelsJSON":"[]"}}
      """;
  static final String MIXED_ANSWER = """
      {"success":false,"successCount":1,
       "successResults":[{"type":"index-pattern","id":"at-dv","meta":{"title":"activity-tracker-*"}}],
       "errors":[{"id":"at-overview","type":"dashboard","title":"AT overview",
         "error":{"type":"missing_references","references":[{"type":"index-pattern","id":"nope"}]}}]}""";

  @TempDir Path dir;

  private Path fixture() throws Exception {
    Path file = dir.resolve("at-overview.ndjson");
    Files.writeString(file, FIXTURE, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void postsTheFileAsMultipartWithXsrfAndAuthIntoTheSpaceAndReportsEveryObject() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(200, MIXED_ANSWER))) {
      KibanaImporter importer = new KibanaImporter(HttpClient.create(), kibana.uri(), "security",
          Optional.of("ApiKey c2VjcmV0"));

      List<ObjectResult> results = importer.importFile(fixture());

      assertThat(results).containsExactly(
          new ObjectResult("at-overview.ndjson", "index-pattern", "at-dv", "activity-tracker-*", true, ""),
          new ObjectResult("at-overview.ndjson", "dashboard", "at-overview", "AT overview", false,
              "missing_references [{\"type\":\"index-pattern\",\"id\":\"nope\"}]"));
      FakeKibana.Received request = kibana.received().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.uri()).isEqualTo("/s/security/api/saved_objects/_import?overwrite=true");
      assertThat(request.xsrf()).isNotBlank();
      assertThat(request.authorization()).isEqualTo("ApiKey c2VjcmV0");
      assertThat(request.contentType()).startsWith("multipart/form-data; boundary=");
      assertThat(request.body()).contains("name=\"file\"", "filename=\"at-overview.ndjson\"",
          "\"id\":\"at-overview\"");
    }
  }

  @Test
  void defaultSpaceHasNoSpacePathAndNoAuthHeaderWithoutCredentials() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(200,
        "{\"success\":true,\"successCount\":0,\"successResults\":[]}"))) {
      KibanaImporter importer = new KibanaImporter(HttpClient.create(), kibana.uri().resolve("/kbn/"), "default",
          Optional.empty());

      assertThat(importer.importFile(fixture())).isEmpty();
      assertThat(kibana.received().get(0).uri()).isEqualTo("/kbn/api/saved_objects/_import?overwrite=true");
      assertThat(kibana.received().get(0).authorization()).isNull();
    }
  }

  @Test
  void refusedCredentialsAreAnAuthFailureWithoutTheSecret() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(401, "{\"statusCode\":401}"))) {
      KibanaImporter importer = new KibanaImporter(HttpClient.create(), kibana.uri(), "default",
          Optional.of("Basic dXNlcjpodW50ZXIy"));

      assertThatThrownBy(() -> importer.importFile(fixture()))
          .isInstanceOfSatisfying(KibanaException.class, e -> assertThat(e.authFailure()).isTrue())
          .hasMessageContaining("HTTP 401").hasMessageContaining("KIBANA_API_KEY")
          .hasMessageNotContaining("dXNlcjpodW50ZXIy");
    }
  }

  @Test
  void anAnswerThatIsNoImportResultNamesTheFileAndTheAnswer() throws Exception {
    try (FakeKibana kibana = new FakeKibana(r -> new Reply(400,
        "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Unsupported saved object type\"}"))) {
      KibanaImporter importer = new KibanaImporter(HttpClient.create(), kibana.uri(), "default", Optional.empty());

      assertThatThrownBy(() -> importer.importFile(fixture()))
          .isInstanceOfSatisfying(KibanaException.class, e -> assertThat(e.authFailure()).isFalse())
          .hasMessageContaining("at-overview.ndjson").hasMessageContaining("HTTP 400")
          .hasMessageContaining("Unsupported saved object type");
    }
  }

  @Test
  void unreachableKibanaSaysWhatToCheck() throws Exception {
    int port;
    try (FakeKibana closed = new FakeKibana(r -> new Reply(200, "{}"))) {
      port = closed.uri().getPort();
    }
    KibanaImporter importer = new KibanaImporter(HttpClient.create(),
        java.net.URI.create("http://127.0.0.1:" + port), "default", Optional.empty());
    assertThatThrownBy(() -> importer.importFile(fixture()))
        .isInstanceOf(KibanaException.class).hasMessageContaining("--kibana-url");
  }
}
