package dev.atconnector.ingest.config;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.sink.SinkOptions;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SessionRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything one source's run needs: what the source is ({@link SourceSettings}) and what the run shares with every
 * other source ({@link RunSettings}), each validated by its own constructor. The accessors below are shortcuts into
 * the two parts for the pipeline and the checkpoint; {@link #destination()} and {@link #sink()} put the source's
 * index prefix into the shared destination and dead-letter index. Immutable; secrets are {@link Secret}s, so
 * printing a config leaks nothing.
 */
public record IngestConfig(SourceSettings source, RunSettings run) {

  public IngestConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(run, "run");
  }

  public URI endpoint() {
    return source.access().endpoint();
  }

  public URI uaaUrl() {
    return source.access().uaaUrl();
  }

  public Optional<Secret> token() {
    return source.access().token();
  }

  public Optional<Secret> apiKey() {
    return source.access().apiKey();
  }

  public Optional<Path> atCaCert() {
    return source.access().caCert();
  }

  public Duration readTimeout() {
    return source.access().readTimeout();
  }

  public String spaceId() {
    return source.spaceId();
  }

  public boolean accountLevel() {
    return source.accountLevel();
  }

  public LocalDate start() {
    return source.range().start();
  }

  public LocalDate end() {
    return source.range().end();
  }

  public OptionalInt hour() {
    return source.range().hour();
  }

  public int windowDays() {
    return source.range().windowDays();
  }

  public String indexPrefix() {
    return source.indexPrefix();
  }

  /** How to reach Elasticsearch. */
  public EsAccess esAccess() {
    return run.es();
  }

  /** Where this source's events land: the run's destination, monthly indices under the source's prefix. */
  public Destination destination() {
    return run.destination() instanceof Destination.Monthly m ? m.withPrefix(source.indexPrefix())
        : run.destination();
  }

  /** The run's sink options with this source's dead-letter index. */
  public SinkOptions sink() {
    SinkOptions s = run.sink();
    return s.deadLetterIndex().equals(deadLetterIndex()) ? s : new SinkOptions(s.maxDocs(), s.maxBytes(),
        s.maxConcurrentRequests(), s.flushInterval(), deadLetterIndex(), s.retryInitial(), s.retryMax(),
        s.maxRetries(), s.retryMaxTime());
  }

  public DecodeLimits limits() {
    return run.limits();
  }

  public boolean installTemplates() {
    return run.installTemplates();
  }

  public boolean preserveOriginalEvent() {
    return run.preserveOriginalEvent();
  }

  public Optional<Duration> timeout() {
    return run.timeout();
  }

  public MetricsSettings metrics() {
    return run.metrics();
  }

  public CheckpointSettings checkpoint() {
    return run.checkpoint();
  }

  /** The dead-letter index: {@code <prefix>dead-letter}. */
  public String deadLetterIndex() {
    return IndexNames.deadLetter(source.indexPrefix());
  }

  /** The range cut into sessions of at most {@link #windowDays} days, in order. */
  public List<SessionRequest> windows() {
    return source.range().windows(source.accountLevel());
  }
}
