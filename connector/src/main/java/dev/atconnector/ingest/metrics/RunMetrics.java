package dev.atconnector.ingest.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observability of one run: the registry its stages report into, its {@link Readiness}, and (with a metrics
 * port) the server exposing both. Close it when the run ends; under {@code --follow} the run, and so the server,
 * lasts as long as the process.
 */
public final class RunMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  /** Lets a test read the endpoints at the end of a run, before the server stops. */
  public interface Hook {
    Hook NONE = address -> { };

    /** Called when the run is over and the server, if any, is still serving at {@code address}. */
    void beforeStop(InetSocketAddress address);
  }

  private final MeterRegistry registry;
  private final Readiness readiness;
  private final RetryMeters retries;
  private final MetricsServer server;
  private final JvmGcMetrics gc;
  private final Hook hook;

  private RunMetrics(MeterRegistry registry, MetricsServer server, JvmGcMetrics gc, Hook hook) {
    this.registry = registry;
    this.readiness = Readiness.of(registry);
    this.retries = new RetryMeters(registry);
    this.server = server;
    this.gc = gc;
    this.hook = hook;
  }

  /**
   * Starts the run's metrics: into {@code base} always (the caller may read it), and, with a port, also into a
   * Prometheus registry served with the health endpoints (plus the JVM's memory, GC, thread and CPU meters).
   */
  public static RunMetrics start(MetricsSettings settings, MeterRegistry base, Hook hook) {
    if (!settings.enabled()) {
      return new RunMetrics(base, null, null, hook);
    }
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmGcMetrics gc = new JvmGcMetrics();
    new JvmMemoryMetrics().bindTo(prometheus);
    gc.bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
    CompositeMeterRegistry both = new CompositeMeterRegistry();
    both.add(base);
    both.add(prometheus);
    Readiness readiness = Readiness.of(both);
    try {
      return new RunMetrics(both, MetricsServer.start(settings.host(), settings.port().getAsInt(), prometheus,
          readiness), gc, hook);
    } catch (RuntimeException e) {
      gc.close();
      throw e;
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }

  public RetryMeters retries() {
    return retries;
  }

  public Optional<MetricsServer> server() {
    return Optional.ofNullable(server);
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      hook.beforeStop(server.address());
    } finally {
      server.close();
      gc.close();
      LOG.debug("metrics server stopped");
    }
  }
}
