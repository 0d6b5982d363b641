package dev.atconnector.ingest.es;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.failure.Causes;
import dev.atconnector.ingest.failure.Side;
import dev.atconnector.ingest.sink.BulkBodies;
import dev.atconnector.ingest.sink.EsAuthException;
import dev.atconnector.ingest.sink.SinkException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Elasticsearch clients from an {@link EsAccess}: the credential as a preemptive {@code Authorization}
 * header (so a bulk body is never sent twice for an auth challenge), and for https an SSL context trusting the
 * JDK's store, a CA file, or a pinned fingerprint. Host names are always verified (the HTTP client's default).
 *
 * <p>Its own package, above both {@code config} (whose {@link EsAccess} it reads) and {@code sink} (which takes the
 * client it builds): in {@code sink} it made the two packages depend on each other.
 */
public final class EsClients {
  private static final Logger LOG = LoggerFactory.getLogger(EsClients.class);

  private EsClients() {}

  /** The low-level REST client (Apache HttpAsyncClient) behind the Java API client. Close it when done. */
  public static RestClient restClient(EsAccess access) {
    URI es = access.url();
    boolean https = "https".equalsIgnoreCase(es.getScheme());
    // several hosts: the client round-robins over them and skips (for a while) one that does not answer
    HttpHost[] hosts = access.urls().stream().map(u -> new HttpHost(u.getHost(),
        u.getPort() > 0 ? u.getPort() : https ? 443 : 9200, https ? "https" : "http")).toArray(HttpHost[]::new);
    RestClientBuilder b = RestClient.builder(hosts)
        .setCompressionEnabled(access.compress())
        .setRequestConfigCallback(rc -> rc.setConnectTimeout(10_000).setSocketTimeout(120_000));
    if (es.getPath() != null && es.getPath().length() > 1) {
      b.setPathPrefix(es.getPath());
    }
    authorization(access).ifPresent(value -> b.setDefaultHeaders(new Header[] {
        new BasicHeader("Authorization", value)}));
    if (!https && access.kind() != EsAccess.Kind.NONE && !loopback(es.getHost())) {
      LOG.warn("sending {} to {} over plain http: anyone on the network can read it; use an https:// URL",
          access.credential(), es);
    }
    SSLContext ssl = sslContext(access).orElse(null);
    b.setHttpClientConfigCallback(hc -> ssl == null ? hc : hc.setSSLContext(ssl));
    return b.build();
  }

  private static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  /** The Java API client over the REST client (one transport; {@code withTransportOptions} etc. share it). */
  public static ElasticsearchAsyncClient esClient(RestClient rest) {
    return new ElasticsearchAsyncClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
  }

  /** A blocking client on the same transport, for start-up work and commands. */
  public static ElasticsearchClient blocking(ElasticsearchAsyncClient async) {
    return new ElasticsearchClient(async._transport(), async._transportOptions());
  }

  /** The {@code Authorization} header value for the credential, if any. Goes on the wire only. */
  static Optional<String> authorization(EsAccess access) {
    return switch (access.kind()) {
      case BASIC -> Optional.of("Basic " + Base64.getEncoder().encodeToString(
          (access.username().orElseThrow() + ":" + access.password().orElseThrow().reveal())
              .getBytes(StandardCharsets.UTF_8)));
      case API_KEY -> Optional.of("ApiKey " + encodedApiKey(access.apiKey().orElseThrow().reveal()));
      case BEARER -> Optional.of("Bearer " + access.bearerToken().orElseThrow().reveal());
      case NONE -> Optional.empty();
    };
  }

  /**
   * An API key as the {@code ApiKey} header wants it: the base64 of {@code id:api_key} (Elasticsearch's
   * {@code encoded}). Given as {@code id:api_key} (the {@code id} and {@code api_key} fields of the answer, as
   * Beats and Logstash take it), it is encoded here; an encoded key (base64 has no colon) is sent as it is.
   */
  public static String encodedApiKey(String key) {
    String k = key.strip();
    return k.indexOf(':') > 0 ? Base64.getEncoder().encodeToString(k.getBytes(StandardCharsets.UTF_8)) : k;
  }

  /** The SSL context for an https URL with a CA file or fingerprint; empty means the JDK's defaults. */
  static Optional<SSLContext> sslContext(EsAccess access) {
    if (access.caFingerprint().isPresent()) {
      return Optional.of(context(new TrustManager[] {new PinnedTrustManager(access.caFingerprint().get())}));
    }
    return access.caCert().map(EsClients::trusting);
  }

  /**
   * Whether {@code failure} is Elasticsearch refusing the credential (401) or its privileges (403): a 401/403
   * answer anywhere in its causes, or a {@link SinkException} the sink marked as an auth failure.
   */
  public static boolean isAuthFailure(Throwable failure) {
    return Causes.of(failure, Side.ELASTICSEARCH).auth();
  }

  /**
   * {@code failure} as an {@link EsAuthException} naming the credential and where it came from when it is an auth
   * failure, else {@code failure} itself.
   */
  public static Throwable explainAuth(Throwable failure, EsAccess access) {
    if (failure instanceof EsAuthException || !isAuthFailure(failure)) {
      return failure;
    }
    int status = Causes.statusOrZero(failure);
    Optional<String> missing = status == 403 ? missingPrivilege(failure) : Optional.empty();
    String what = status == 403
        ? "accepted " + access.credential() + " but refused the request (its privileges are missing)"
        : "rejected " + access.credential();
    String detail = missing.map(m -> ": " + m)
        .orElse(failure.getMessage() == null ? "" : " (" + BulkBodies.clip(oneLine(failure.getMessage())) + ")");
    return new EsAuthException("Elasticsearch at " + access.url() + " " + what
        + (status == 0 ? "" : ": HTTP " + status) + detail
        + (access.kind() == EsAccess.Kind.NONE ? "; set one of them"
            : missing.isPresent() ? "; grant it (setup --print-role prints the role the connector needs)"
            : "; check the credential and its privileges"), failure);
  }

  /**
   * {@code failure} of a command talking to Elasticsearch at {@code access}, explained in one line where it can be:
   * an auth failure naming the credential ({@link #explainAuth}), a failed TLS handshake saying which option
   * trusts the cluster ({@link #tlsProblem}); else {@code failure} itself.
   */
  public static RuntimeException explain(RuntimeException failure, EsAccess access) {
    if (explainAuth(failure, access) instanceof EsAuthException auth) {
      return auth;
    }
    Optional<String> tls = tlsProblem(failure, access);
    return tls.isPresent() ? new SinkException(tls.get(), false, failure) : failure;
  }

  private static final java.util.regex.Pattern UNAUTHORIZED = java.util.regex.Pattern.compile(
      "action \\[([^\\]]+)\\] is unauthorized for .*?(?: on indices \\[([^\\]]*)\\])?, this action is granted by "
          + "the (index|cluster) privileges \\[([^\\]]*)\\]");

  /**
   * What Elasticsearch's 403 says is missing, from its {@code security_exception} reason anywhere in the causes,
   * e.g. {@code action [indices:admin/auto_create] on [logs-2019.07] needs one of the index privileges
   * [auto_configure,create_index,manage,all]}; empty when no reason says it.
   */
  static Optional<String> missingPrivilege(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      java.util.regex.Matcher m = UNAUTHORIZED.matcher(t.getMessage() == null ? "" : t.getMessage());
      if (m.find()) {
        return Optional.of("action [" + m.group(1) + "]" + (m.group(2) == null ? "" : " on [" + m.group(2) + "]")
            + " needs one of the " + m.group(3) + " privileges [" + m.group(4) + "]");
      }
    }
    return Optional.empty();
  }

  /**
   * When {@code failure} is a failed TLS handshake (untrusted certificate, wrong fingerprint, host name not in the
   * certificate): one line saying so, with the check's own words and what to do; else empty.
   */
  public static Optional<String> tlsProblem(Throwable failure, EsAccess access) {
    Optional<Throwable> tls = Causes.tls(failure);
    if (tls.isEmpty()) {
      return Optional.empty();
    }
    Throwable deepest = tls.get();
    String trust = access.caFingerprint().isPresent() ? "--es-ca-fingerprint (ES_CA_FINGERPRINT)"
        : access.caCert().map(p -> "--es-ca-cert (ES_CA_CERT) " + p).orElse("the JDK's trust store");
    String reason = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
    return Optional.of("the TLS handshake with Elasticsearch at " + access.url() + " failed, trusting " + trust
        + ": " + oneLine(reason) + "; give the cluster's CA with --es-ca-cert (ES_CA_CERT) or its SHA-256 with "
        + "--es-ca-fingerprint (ES_CA_FINGERPRINT), and a host name its certificate names");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ");
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
        throw new ConfigException("--es-ca-cert (ES_CA_CERT) " + caPem + " holds no certificate: give a PEM CA "
            + "certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return context(tmf.getTrustManagers());
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("--es-ca-cert (ES_CA_CERT) " + caPem + " cannot be used ("
          + e.getClass().getSimpleName() + "): give a readable PEM CA certificate", e);
    }
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS", e);
    }
  }
}
