package dev.atconnector.ingest.setup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A Kibana that answers the saved-objects import API on loopback (port 0) with what the test says, and keeps every
 * request it got. Also usable as a fake Elasticsearch root endpoint (GET /) for version checks.
 */
public final class FakeKibana implements AutoCloseable {
  /** One request as received. */
  public record Received(String method, String uri, String xsrf, String authorization, String contentType,
      String body) {}

  /** The answer: status and JSON text. */
  public record Reply(int status, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final DisposableServer server;

  public FakeKibana(Function<Received, Reply> answer) {
    server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .flatMap(body -> {
              Received r = new Received(req.method().name(), req.uri(), req.requestHeaders().get("kbn-xsrf"),
                  req.requestHeaders().get("Authorization"), req.requestHeaders().get("Content-Type"), body);
              received.add(r);
              Reply reply = answer.apply(r);
              // the product header lets the Elasticsearch client talk to it too (it refuses servers without it)
              return res.status(reply.status()).header("Content-Type", "application/json")
                  .header("X-Elastic-Product", "Elasticsearch")
                  .sendString(Mono.just(reply.body())).then();
            }))
        .bindNow(Duration.ofSeconds(10));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
  }
}
