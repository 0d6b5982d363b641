package dev.atconnector.ingest.app;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import dev.atconnector.ingest.source.UaaTokenProvider;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.elasticsearch.client.RestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Wiring only: builds the clients a run needs from its validated config. */
public final class Clients {
  private Clients() {}

  /** One immutable Reactor Netty client for the Activity Tracker API and its token endpoint. */
  public static HttpClient atHttp(IngestConfig config) {
    return atHttp(config.readTimeout(), config.atCaCert());
  }

  /** The same for every command that talks to Activity Tracker: pooled, timed out, trusting {@code caCert} if given. */
  public static HttpClient atHttp(Duration readTimeout, Optional<Path> caCert) {
    ConnectionProvider pool = ConnectionProvider.builder("activity-tracker")
        .maxConnections(4)
        .pendingAcquireTimeout(Duration.ofSeconds(30))
        .build();
    HttpClient http = HttpClient.create(pool)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        // idle time between two reads of a response; a download paused by backpressure longer than this is cut and
        // then resumed by the download stage, so it is generous
        .responseTimeout(readTimeout);
    return caCert.map(ca -> trustingCa(http, ca)).orElse(http);
  }

  /**
   * Trusts the CA certificate(s) in a PEM file, instead of the JDK's trust store, for https calls of the Reactor
   * Netty client (Activity Tracker and its token endpoint). Certificates are always verified.
   */
  public static HttpClient trustingCa(HttpClient http, Path caPem) {
    if (!Files.isReadable(caPem)) {
      throw new ConfigException("--ca-cert (AT_CA_CERT) " + caPem + " cannot be read: give a PEM CA certificate");
    }
    io.netty.handler.ssl.SslContext ssl;
    try {
      ssl = io.netty.handler.ssl.SslContextBuilder.forClient().trustManager(caPem.toFile()).build();
    } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
      throw new ConfigException("--ca-cert (AT_CA_CERT) " + caPem + " holds no usable certificate ("
          + e.getClass().getSimpleName() + "): give a PEM CA certificate", e);
    }
    return http.secure(spec -> spec.sslContext(ssl));
  }

  /** A fixed token when one is given, else API-key exchanges at the UAA endpoint. */
  public static TokenProvider tokens(Optional<Secret> token, Optional<Secret> apiKey, URI uaaUrl, HttpClient http) {
    if (token.isPresent()) {
      return TokenProvider.fixed(token.get());
    }
    if (apiKey.isEmpty()) {
      throw new ConfigException("no Activity Tracker credential: set AT_TOKEN (or --token-file) to a token, "
          + "or AT_API_KEY (or --api-key-file) to an API key");
    }
    return new UaaTokenProvider(http, uaaUrl.toString(), apiKey.get(), Clock.systemUTC());
  }

  public static AtClient atClient(IngestConfig config, HttpClient http, SourceRetry retry) {
    return new AtClient(http, config.endpoint().toString(), config.spaceId(),
        tokens(config.token(), config.apiKey(), config.uaaUrl(), http), retry);
  }

  /** The low-level REST client behind the Java API client ({@link EsClients}). Close it when done. */
  public static RestClient restClient(IngestConfig config) {
    return EsClients.restClient(config.esAccess());
  }

  /** The Java API client over the REST client (one transport; {@code withTransportOptions} etc. share it). */
  public static ElasticsearchAsyncClient esClient(RestClient rest) {
    return EsClients.esClient(rest);
  }

  /** A blocking client on the same transport, for start-up work (templates). */
  public static ElasticsearchClient blocking(ElasticsearchAsyncClient async) {
    return EsClients.blocking(async);
  }
}
