package dev.atconnector.eslocal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls to an endpoint for the ITs of this module (the JDK client: nothing of the code under test). */
final class EsHttp {
  private final HttpClient http;

  EsHttp() {
    this(null);
  }

  /** A client trusting {@code ssl} (a secured node's CA), or the JDK's defaults when null. */
  EsHttp(javax.net.ssl.SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    http = (ssl == null ? b : b.sslContext(ssl)).build();
  }

  /** {@code method path} with an optional JSON body and the endpoint's credential; the answer as text. */
  HttpResponse<String> send(EsEndpoint es, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(es.uri() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    es.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
