package dev.atconnector.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import dev.atconnector.ingest.source.UaaTokenProvider;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Wiring only: builds the clients a run needs from its validated config. */
public final class App {
  private App() {}

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

  /** The low-level REST client (Apache HttpAsyncClient) behind the Java API client. Close it when done. */
  public static RestClient restClient(IngestConfig config) {
    return restClient(config.esUrl(), config.esCompress(), config.esUsername(), config.esPassword(),
        config.esApiKey(), config.esCaCert());
  }

  /** As {@link #restClient(IngestConfig)}, from the Elasticsearch settings alone (commands other than ingest). */
  public static RestClient restClient(URI es, boolean compress, Optional<String> username, Optional<Secret> password,
      Optional<Secret> esApiKey, Optional<Path> caCert) {
    int port = es.getPort() > 0 ? es.getPort() : "https".equalsIgnoreCase(es.getScheme()) ? 443 : 9200;
    RestClientBuilder b = RestClient.builder(new HttpHost(es.getHost(), port, es.getScheme()))
        .setCompressionEnabled(compress)
        .setRequestConfigCallback(rc -> rc.setConnectTimeout(10_000).setSocketTimeout(120_000));
    if (es.getPath() != null && es.getPath().length() > 1) {
      b.setPathPrefix(es.getPath());
    }
    Optional<Secret> apiKey = esApiKey;
    if (apiKey.isPresent()) {
      b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.get().reveal())});
    }
    SSLContext ssl = caCert.map(App::trusting).orElse(null);
    b.setHttpClientConfigCallback(hc -> {
      if (password.isPresent()) {
        BasicCredentialsProvider creds = new BasicCredentialsProvider();
        creds.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username.orElseThrow(),
            password.get().reveal()));
        hc.setDefaultCredentialsProvider(creds);
      }
      if (ssl != null) {
        hc.setSSLContext(ssl);
      }
      return hc;
    });
    return b.build();
  }

  /** The Java API client over the REST client (one transport; {@code withTransportOptions} etc. share it). */
  public static ElasticsearchAsyncClient esClient(RestClient rest) {
    return new ElasticsearchAsyncClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  /** A blocking client on the same transport, for start-up work (templates). */
  public static ElasticsearchClient blocking(ElasticsearchAsyncClient async) {
    return new ElasticsearchClient(async._transport(), async._transportOptions());
  }

  /** An SSL context trusting exactly the CA certificate(s) in a PEM file. */
  static SSLContext trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new ConfigException("--es-ca-cert " + caPem + " holds no certificate: give a PEM CA certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("--es-ca-cert " + caPem + " cannot be used: " + e.getMessage(), e);
    }
  }
}
