package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import dev.atconnector.ingest.setup.FakeKibana;
import dev.atconnector.ingest.setup.FakeKibana.Reply;
import dev.atconnector.ingest.setup.KibanaException;
import dev.atconnector.ingest.setup.KibanaImporter;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SourceException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class FailuresTest {
  @Test
  void eachFailureClassHasItsExitCode() {
    assertThat(Failures.classify(new SourceException(SourceException.Kind.AUTH, 401, "x", null, null)).exitCode())
        .isEqualTo(ExitCodes.AUTH);
    assertThat(Failures.classify(new SourceException(SourceException.Kind.UNAVAILABLE, "x", null)).exitCode())
        .isEqualTo(ExitCodes.SOURCE);
    assertThat(Failures.classify(new SourceException(SourceException.Kind.CLIENT, 400, "x", null, null))
        .exitCode()).isEqualTo(ExitCodes.SOURCE);
    assertThat(Failures.classify(new SinkException("x", false, null)).exitCode()).isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new SinkException("x", true, null)).exitCode()).isEqualTo(ExitCodes.AUTH);
    assertThat(Failures.classify(new CompletionException(new SinkException("x", false, null))).exitCode())
        .isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new IllegalStateException("bug")).exitCode()).isEqualTo(ExitCodes.INTERNAL);
  }

  @Test
  void theCheckpointsLeaseConflictsAndStoreFailuresKeepTheirCodes() {
    assertThat(Failures.classify(new CheckpointException(CheckpointException.Kind.LEASED, 0, "held by x", null)))
        .isEqualTo(new Failures.Failure(ExitCodes.LEASED, "leased", "held by x"));
    assertThat(Failures.classify(new CheckpointException(CheckpointException.Kind.TAKEN_OVER, 409, "taken", null))
        .exitCode()).isEqualTo(ExitCodes.LEASED);
    assertThat(Failures.classify(new CheckpointException(CheckpointException.Kind.STORE, 403, "no", null)))
        .isEqualTo(new Failures.Failure(ExitCodes.AUTH, "auth-failure", "Elasticsearch refused the credentials: no"));
    assertThat(Failures.classify(new CheckpointException(CheckpointException.Kind.STORE, 409, "x", null))
        .exitCode()).as("a 409 of the store is no lease").isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new SinkException("x", false, 401, null)).exitCode())
        .as("the status says auth").isEqualTo(ExitCodes.AUTH);
  }

  @Test
  void kibanaRefusingTheCredentialsIsAuthAndKibanaDownIsADestinationFailureNeverABug() {
    assertThat(Failures.classify(new KibanaException("k", Failure.http(Side.KIBANA, 403), null)).exitCode())
        .isEqualTo(ExitCodes.AUTH);
    assertThat(Failures.classify(new KibanaException("k", Failure.http(Side.KIBANA, 0), null)).exitCode())
        .isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new KibanaException("k", Failure.http(Side.KIBANA, 502), null)).exitCode())
        .isEqualTo(ExitCodes.SINK);
    assertThat(Failures.classify(new KibanaException("k", Failure.of(Side.LOCAL, Kind.BAD_DATA), null)).exitCode())
        .as("a --dashboards/--detection-rules file setup cannot use").isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aKibanaAnsweringAsAFakeServerDoesIsClassifiedByItsStatus() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("dash", ".ndjson");
    try (FakeKibana refusing = new FakeKibana(r -> new Reply(401, "{\"statusCode\":401}"));
        FakeKibana failing = new FakeKibana(r -> new Reply(503, "{\"message\":\"Kibana server is not ready yet\"}"))) {
      java.nio.file.Files.writeString(file, "{\"type\":\"dashboard\",\"id\":\"d\"}\n");
      KibanaImporter toRefusing = new KibanaImporter(HttpClient.create(), refusing.uri(), "default",
          Optional.of("Basic a2liOmtpYi1zZWNyZXQ="));
      KibanaImporter toFailing = new KibanaImporter(HttpClient.create(), failing.uri(), "default", Optional.empty());
      Throwable refused = catchThrowableOfType(KibanaException.class, () -> toRefusing.importFile(file));
      Throwable failed = catchThrowableOfType(KibanaException.class, () -> toFailing.importFile(file));

      Failures.Failure auth = Failures.classify(refused);
      assertThat(auth.exitCode()).isEqualTo(ExitCodes.AUTH);
      assertThat(auth.message()).contains("Kibana at " + refusing.uri(), "HTTP 401", "KIBANA_API_KEY")
          .doesNotContain("a2liOmtpYi1zZWNyZXQ=");
      Failures.Failure down = Failures.classify(failed);
      assertThat(down.exitCode()).isEqualTo(ExitCodes.SINK);
      assertThat(down.message()).contains("Kibana at " + failing.uri(), "HTTP 503", "not ready yet",
          "run setup again when Kibana is up");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
