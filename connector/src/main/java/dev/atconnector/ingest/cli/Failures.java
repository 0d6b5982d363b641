package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.sink.EsAuthException;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SourceException;

/**
 * Maps a run's failure to its exit code and a one-line message (already free of secrets). The table of every failure
 * and its code is docs/errors.md.
 */
final class Failures {
  private Failures() {}

  record Failure(int exitCode, String status, String message) {}

  static Failure classify(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof ConfigException) {
      return new Failure(ExitCodes.USAGE, "bad-usage", t.getMessage());
    }
    if (t instanceof CheckpointException ce) {
      return switch (ce.kind()) {
        case LEASED, TAKEN_OVER -> new Failure(ExitCodes.LEASED, "leased", ce.getMessage());
        case STORE -> ce.status() == 401 || ce.status() == 403
            ? new Failure(ExitCodes.AUTH, "auth-failure", "Elasticsearch refused the credentials: " + ce.getMessage())
            : new Failure(ExitCodes.SINK, "sink-failure", "Elasticsearch failed: " + ce.getMessage());
      };
    }
    if (t instanceof SourceException se) {
      return se.kind() == SourceException.Kind.AUTH
          ? new Failure(ExitCodes.AUTH, "auth-failure", "Activity Tracker refused the credentials: "
              + se.getMessage() + " (check AT_TOKEN / AT_API_KEY and access to the space)")
          : new Failure(ExitCodes.SOURCE, "source-failure", "Activity Tracker failed: " + se.getMessage());
    }
    if (t instanceof EsAuthException) {
      return new Failure(ExitCodes.AUTH, "auth-failure", t.getMessage());
    }
    if (t instanceof SinkException se) {
      return se.authFailure()
          ? new Failure(ExitCodes.AUTH, "auth-failure", "Elasticsearch refused the credentials: " + se.getMessage()
              + " (check ES_USERNAME/ES_PASSWORD, ES_API_KEY or ES_BEARER_TOKEN and their privileges)")
          : new Failure(ExitCodes.SINK, "sink-failure", "Elasticsearch failed: " + se.getMessage());
    }
    if (t instanceof java.io.UncheckedIOException io) {
      // local output (download -o FILE, stdout): the download's sink
      return new Failure(ExitCodes.SINK, "output-failure", io.getMessage() + ": " + io.getCause().getMessage());
    }
    if (t instanceof IngestJob.IngestTimeoutException) {
      return new Failure(ExitCodes.SOURCE, "timeout", t.getMessage());
    }
    return new Failure(ExitCodes.INTERNAL, "internal-error", "unexpected error: " + t);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException
        || reactor.core.Exceptions.isRetryExhausted(t)) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
