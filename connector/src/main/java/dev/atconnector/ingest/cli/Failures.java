package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.checkpoint.CheckpointException;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.failure.Classified;
import dev.atconnector.ingest.failure.Failure;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.pipeline.IngestJob;
import dev.atconnector.ingest.setup.KibanaException;
import dev.atconnector.ingest.sink.EsAuthException;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SourceException;

/**
 * Maps a run's failure to its exit code and a one-line message (already free of secrets). The code comes from the
 * failure's side and kind ({@link ExitCode#of}); the message adds what to check on that side. The table of every
 * failure and its code is docs/errors.md.
 */
final class Failures {
  private Failures() {}

  record Failure(int exitCode, String status, String message) {}

  static Failure classify(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof ConfigException) {
      return new Failure(ExitCodes.USAGE, "bad-usage", t.getMessage());
    }
    if (t instanceof java.io.UncheckedIOException io) {
      // local output (download -o FILE, stdout): the download's sink
      return new Failure(ExitCodes.SINK, "output-failure", io.getMessage() + ": " + io.getCause().getMessage());
    }
    if (t instanceof IngestJob.IngestTimeoutException) {
      return new Failure(ExitCodes.SOURCE, "timeout", t.getMessage());
    }
    if (!(t instanceof Classified c)) {
      return new Failure(ExitCodes.INTERNAL, "internal-error", "unexpected error: " + t);
    }
    dev.atconnector.ingest.failure.Failure f = c.failure();
    int code = ExitCode.of(f).code();
    return new Failure(code, status(f), message(t, f));
  }

  /** The word of the summary line ({@code at-connector ingest <status>: ...}). */
  private static String status(dev.atconnector.ingest.failure.Failure f) {
    if (f.kind() == Kind.AUTH) {
      return "auth-failure";
    }
    return switch (ExitCode.of(f)) {
      case LEASED -> "leased";
      case SOURCE -> "source-failure";
      case USAGE -> "bad-usage";
      case INTERNAL -> "internal-error";
      default -> f.side() == dev.atconnector.ingest.failure.Side.KIBANA ? "kibana-failure" : "sink-failure";
    };
  }

  /** The message, with what to check on the failing side. */
  private static String message(Throwable t, dev.atconnector.ingest.failure.Failure f) {
    boolean auth = f.kind() == Kind.AUTH;
    if (t instanceof CheckpointException ce && ce.kind() != CheckpointException.Kind.STORE) {
      return ce.getMessage();
    }
    if (t instanceof CheckpointException) {
      return (auth ? "Elasticsearch refused the credentials: " : "Elasticsearch failed: ") + t.getMessage();
    }
    if (t instanceof SourceException) {
      return auth ? "Activity Tracker refused the credentials: " + t.getMessage()
          + " (check AT_TOKEN / AT_API_KEY and access to the space)"
          : "Activity Tracker failed: " + t.getMessage();
    }
    if (t instanceof EsAuthException || t instanceof KibanaException) {
      return t.getMessage(); // they name the credential or the URL, and what to do
    }
    if (t instanceof SinkException) {
      return auth ? "Elasticsearch refused the credentials: " + t.getMessage()
          + " (check ES_USERNAME/ES_PASSWORD, ES_API_KEY or ES_BEARER_TOKEN and their privileges)"
          : "Elasticsearch failed: " + t.getMessage();
    }
    return f.side().display() + " failed: " + t.getMessage();
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
