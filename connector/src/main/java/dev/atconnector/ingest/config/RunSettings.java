package dev.atconnector.ingest.config;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.ingest.sink.SinkOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every source of one run shares, validated: Elasticsearch access (all its hosts), where events land, how the
 * sink batches and retries, the decoder's limits, the metrics server, the checkpoints, and the run's time limit.
 * Build it with {@link #builder(EsAccess)}: every other part has the command line's default.
 *
 * @param es how to reach Elasticsearch (one list of hosts)
 * @param destination where events land; with the monthly destination each source's index prefix names its indices
 * @param sink batching and retries; its dead-letter index is each source's ({@link IngestConfig#sink()})
 * @param limits the decoder's limits ({@code --max-record-size})
 * @param installTemplates install the index templates at start ({@code --no-templates} turns it off)
 * @param preserveOriginalEvent keep each event's text in {@code event.original}
 *     ({@code --preserve-original-event})
 * @param timeout give up when the whole run takes longer ({@code --timeout})
 * @param metrics where to serve {@code /metrics} and the health endpoints
 * @param checkpoint checkpoint, lease and follow settings
 * @param backoffScale factor of the source's retry backoffs (the hidden {@code --backoff-scale}, tests only; the
 *     sink's are already scaled in {@code sink}): more than 0, at most 1
 */
public record RunSettings(EsAccess es, Destination destination, SinkOptions sink, DecodeLimits limits,
    boolean installTemplates, boolean preserveOriginalEvent, Optional<Duration> timeout, MetricsSettings metrics,
    CheckpointSettings checkpoint, double backoffScale) {
  /** The hidden flag (tests only) and its variable, as errors name them. */
  public static final String BACKOFF_SCALE = "--backoff-scale (AT_BACKOFF_SCALE)";


  public RunSettings {
    Objects.requireNonNull(es, "es");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(checkpoint, "checkpoint");
    timeout.ifPresent(t -> Settings.positive(t, "--timeout (AT_TIMEOUT)"));
    Settings.backoffScale(backoffScale, BACKOFF_SCALE);
  }

  /** Settings with the command line's defaults around {@code es}. */
  public static Builder builder(EsAccess es) {
    return new Builder(es);
  }

  /** These settings to change one part. */
  public Builder toBuilder() {
    return new Builder(es).destination(destination).sink(sink).limits(limits).installTemplates(installTemplates)
        .preserveOriginalEvent(preserveOriginalEvent).timeout(timeout).metrics(metrics).checkpoint(checkpoint)
        .backoffScale(backoffScale);
  }

  /** Named parts instead of positions; {@link #build()} validates. */
  public static final class Builder {
    private final EsAccess es;
    private Destination destination = Destination.dataStream(Destination.DEFAULT_NAMESPACE);
    private SinkOptions sink = SinkOptions.defaults(IndexTemplates.DEFAULT_PREFIX + "dead-letter");
    private DecodeLimits limits = DecodeLimits.DEFAULTS;
    private boolean installTemplates = true;
    private boolean preserveOriginalEvent;
    private Optional<Duration> timeout = Optional.empty();
    private MetricsSettings metrics = MetricsSettings.NONE;
    private CheckpointSettings checkpoint = CheckpointSettings.DEFAULTS;
    private double backoffScale = 1;

    private Builder(EsAccess es) {
      this.es = es;
    }

    public Builder destination(Destination value) {
      destination = value;
      return this;
    }

    public Builder sink(SinkOptions value) {
      sink = value;
      return this;
    }

    public Builder limits(DecodeLimits value) {
      limits = value;
      return this;
    }

    public Builder installTemplates(boolean value) {
      installTemplates = value;
      return this;
    }

    public Builder preserveOriginalEvent(boolean value) {
      preserveOriginalEvent = value;
      return this;
    }

    public Builder timeout(Optional<Duration> value) {
      timeout = value;
      return this;
    }

    public Builder metrics(MetricsSettings value) {
      metrics = value;
      return this;
    }

    public Builder checkpoint(CheckpointSettings value) {
      checkpoint = value;
      return this;
    }

    public Builder backoffScale(double value) {
      backoffScale = value;
      return this;
    }

    public RunSettings build() {
      return new RunSettings(es, destination, sink, limits, installTemplates, preserveOriginalEvent, timeout,
          metrics, checkpoint, backoffScale);
    }
  }
}
