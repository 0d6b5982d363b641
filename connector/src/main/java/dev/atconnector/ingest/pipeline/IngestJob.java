package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.sink.BulkSink;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceRetry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One ingest run as one reactive chain: for each window of at most 15 days, in order, create a session, stream its
 * download through the decoder into the bulk sink, and delete the session (always). Windows run one after the
 * other, so at most one session is open at a time.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final IngestConfig config;
  private final SessionLifecycle sessions;
  private final DownloadStage download;
  private final BulkSink sink;
  private final IngestCounters counters;

  public IngestJob(IngestConfig config, AtClient client, BulkSink sink, IngestCounters counters,
      SourceRetry retry) {
    this.config = config;
    this.sink = sink;
    this.counters = counters;
    this.sessions = new SessionLifecycle(client, counters, Duration.ofSeconds(30));
    this.download = new DownloadStage(client, config.limits(), new Normalizer(config.indexPrefix()), retry,
        counters);
  }

  public SessionLifecycle sessions() {
    return sessions;
  }

  /** Runs every window; completes when all are indexed and their sessions deleted. */
  public Mono<Void> run() {
    List<SessionRequest> windows = config.windows();
    LOG.info("ingesting {} .. {} in {} session(s) into {}*", config.start(), config.end(), windows.size(),
        config.indexPrefix());
    Mono<Void> all = Flux.fromIterable(windows)
        .concatMap(w -> sessions.within(w, s -> sink.write(download.records(s))
            .doOnNext(counters::add)
            .then()))
        .then();
    return config.timeout().map(t -> all.timeout(t, Mono.error(() -> new IngestTimeoutException(t)))).orElse(all);
  }

  /** The whole run took longer than {@code --timeout}. */
  public static final class IngestTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IngestTimeoutException(Duration limit) {
      super("the run did not finish within --timeout " + limit + "; raise --timeout (AT_TIMEOUT) or ingest a "
          + "shorter range");
    }
  }
}
