package dev.atconnector.ingest.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP endpoints of a run, on Reactor Netty: {@code /metrics} (Prometheus text), {@code /health/live} and
 * {@code /health/ready} (JSON with reasons; 200 or 503). Started with the run and disposed after it.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON = "application/json";
  /** How long the pipeline's scheduler may take to run a no-op before the process is reported not live. */
  private static final Duration LIVENESS_LIMIT = Duration.ofSeconds(2);

  private final DisposableServer server;

  private MetricsServer(DisposableServer server) {
    this.server = server;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalStateException naming the address when the port cannot be bound
   */
  public static MetricsServer start(String host, int port, PrometheusMeterRegistry prometheus, Readiness readiness) {
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(readiness, "readiness");
    DisposableServer server;
    try {
      server = HttpServer.create().host(host).port(port)
          .route(routes -> routes
              .get("/metrics", (req, res) -> send(res, 200, PROMETHEUS_TEXT,
                  // a scrape walks every meter: off the event loop, which must stay free for the run's I/O
                  Mono.fromCallable(prometheus::scrape).subscribeOn(Schedulers.boundedElastic())))
              .get("/health/live", (req, res) -> live().flatMap(ok -> Mono.from(send(res, ok ? 200 : 503, JSON,
                  Mono.just(ok ? "{\"status\":\"live\"}" : "{\"status\":\"not_live\",\"reason\":\"the pipeline "
                      + "scheduler did not run a task within " + LIVENESS_LIMIT.toSeconds() + " s\"}")))))
              .get("/health/ready", (req, res) -> send(res, readiness.ready() ? 200 : 503, JSON,
                  Mono.fromSupplier(readiness::json))))
          .bindNow(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      throw new IllegalStateException("--metrics-port (AT_METRICS_PORT) " + port + " on " + host
          + " cannot be bound (" + e.getClass().getSimpleName() + "): choose a free port, or 0 for any", e);
    }
    LOG.info("metrics at http://{}:{}/metrics, health at /health/live and /health/ready", host, server.port());
    return new MetricsServer(server);
  }

  /** The bound address (the actual port when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.address();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  private static Publisher<Void> send(HttpServerResponse res, int status, String type, Mono<String> body) {
    return res.status(status).header("Content-Type", type).header("Cache-Control", "no-store").sendString(body);
  }

  /** The serving event loop answers by running this; the pipeline's parallel scheduler must answer too. */
  private static Mono<Boolean> live() {
    return Mono.fromCallable(() -> true).subscribeOn(Schedulers.parallel())
        // the timer runs on another scheduler: a stuck parallel scheduler could not time itself out
        .timeout(LIVENESS_LIMIT, Mono.just(false), Schedulers.single());
  }
}
