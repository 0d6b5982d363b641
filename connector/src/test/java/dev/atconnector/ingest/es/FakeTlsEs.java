package dev.atconnector.ingest.es;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in for Elasticsearch over https on 127.0.0.1 (port 0): records each request's method, path and
 * {@code Authorization} header, and answers every request with the status and JSON body set last.
 */
public final class FakeTlsEs implements AutoCloseable {
  /** What the server saw. */
  public record Seen(String method, String path, String authorization) {}

  public static final String HEALTH = "{\"cluster_name\":\"fake\",\"status\":\"green\",\"timed_out\":false,"
      + "\"number_of_nodes\":1,\"number_of_data_nodes\":1,\"active_primary_shards\":0,\"active_shards\":0,"
      + "\"relocating_shards\":0,\"initializing_shards\":0,\"unassigned_shards\":0,\"delayed_unassigned_shards\":0,"
      + "\"number_of_pending_tasks\":0,\"number_of_in_flight_fetch\":0,\"task_max_waiting_in_queue_millis\":0,"
      + "\"active_shards_percent_as_number\":100.0,\"unassigned_primary_shards\":0}";
  public static final String UNAUTHORIZED = "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\","
      + "\"reason\":\"unable to authenticate with provided credentials\"}],\"type\":\"security_exception\","
      + "\"reason\":\"unable to authenticate with provided credentials\"},\"status\":401}";

  private final DisposableServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = HEALTH;

  public FakeTlsEs(SslContext ssl) {
    this.server = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .secure(spec -> spec.sslContext(ssl))
        .handle((req, res) -> req.receive().then(Mono.defer(() -> {
          seen.add(new Seen(req.method().name(), req.uri(), req.requestHeaders().get("Authorization")));
          return res.status(HttpResponseStatus.valueOf(status))
              .header("Content-Type", "application/json")
              .header("X-elastic-product", "Elasticsearch")
              .sendString(Mono.just(body))
              .then();
        })))
        .bindNow(Duration.ofSeconds(30));
  }

  /** Answers every following request with {@code status} and {@code json}. */
  public FakeTlsEs answer(int newStatus, String json) {
    this.status = newStatus;
    this.body = json;
    return this;
  }

  public String url() {
    return "https://127.0.0.1:" + server.port();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
  }
}
