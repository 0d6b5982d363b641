package dev.atconnector.ingest.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code at.checkpoint.lag{source}}: how far each source's committed checkpoint is behind now, in seconds. The
 * checkpoint store calls {@link #register} once per configured source. The {@code source} tag takes configured
 * source names only, and at most {@link #MAX_SOURCES} of them, so the series stay bounded.
 */
public final class CheckpointLagGauge {
  /** More sources than this per process is a configuration mistake, not a workload. */
  public static final int MAX_SOURCES = 64;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private CheckpointLagGauge() {}

  /**
   * Registers the lag gauge of one source. {@code lag} is read at every scrape: keep it cheap, and answer
   * {@link Duration#ZERO} when nothing is known yet. Registering the same source again keeps the first supplier.
   *
   * @throws IllegalArgumentException if the name is not a plain identifier (letters, digits, '_', '.', '-'; at most
   *     64) or if {@link #MAX_SOURCES} sources are already registered
   */
  public static void register(MeterRegistry registry, String source, Supplier<Duration> lag) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(lag, "lag");
    if (source == null || !NAME.matcher(source).matches()) {
      throw new IllegalArgumentException("source name '" + source + "' cannot tag a metric: use 1-64 letters, "
          + "digits, '_', '.' or '-', starting with a letter or digit");
    }
    if (registry.find(MeterNames.CHECKPOINT_LAG).tag("source", source).gauge() != null) {
      return;
    }
    if (registry.find(MeterNames.CHECKPOINT_LAG).gauges().size() >= MAX_SOURCES) {
      throw new IllegalArgumentException("more than " + MAX_SOURCES + " sources: at.checkpoint.lag keeps one series "
          + "per source; run fewer sources per process");
    }
    TimeGauge.builder(MeterNames.CHECKPOINT_LAG, lag, TimeUnit.SECONDS, l -> seconds(l.get()))
        .tag("source", source)
        .description("how far the source's committed checkpoint is behind now")
        // the caller keeps no reference to the supplier: a weak one (Micrometer's default) would read NaN after a GC
        .strongReference(true)
        .register(registry);
  }

  /**
   * Registers {@code at.windows.failed{source}}: the windows of the source its checkpoint records as failed, read
   * at every scrape. Same source names and bound as the lag gauge; registering a source again keeps the first.
   */
  public static void registerFailedWindows(MeterRegistry registry, String source, IntSupplier failed) {
    Objects.requireNonNull(failed, "failed");
    if (source == null || !NAME.matcher(source).matches()) {
      throw new IllegalArgumentException("source name '" + source + "' cannot tag a metric");
    }
    if (registry.find(MeterNames.WINDOWS_FAILED).tag("source", source).gauge() != null) {
      return;
    }
    if (registry.find(MeterNames.WINDOWS_FAILED).gauges().size() >= MAX_SOURCES) {
      throw new IllegalArgumentException("more than " + MAX_SOURCES + " sources: at.windows.failed keeps one "
          + "series per source; run fewer sources per process");
    }
    Gauge.builder(MeterNames.WINDOWS_FAILED, failed, IntSupplier::getAsInt)
        .tag("source", source)
        .description("windows of the source recorded as failed in its checkpoint (content failed on every attempt)")
        .strongReference(true)
        .register(registry);
  }

  private static double seconds(Duration d) {
    return d == null ? 0 : Math.max(0, d.toMillis() / 1000.0);
  }
}
