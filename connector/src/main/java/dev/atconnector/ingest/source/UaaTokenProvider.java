package dev.atconnector.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.failure.HttpStatuses;
import dev.atconnector.ingest.failure.Kind;
import dev.atconnector.ingest.failure.Side;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Exchanges an IBM Cloud API key for a UAA token (reference A.8: client {@code cf:} with an empty secret, grant
 * {@code password}, user {@code apikey}) and renews it a margin before it expires, with the refresh token when it
 * has one. Concurrent callers share one exchange.
 */
public final class UaaTokenProvider implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(UaaTokenProvider.class);
  private static final String CF_CLIENT = "Basic Y2Y6";

  private final HttpClient http;
  private final String tokenUrl;
  private final Secret apiKey;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicReference<Mono<Issued>> current = new AtomicReference<>();

  private record Issued(Secret access, Secret refresh, Instant renewAt) {}

  public UaaTokenProvider(HttpClient http, String tokenUrl, Secret apiKey, Clock clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.apiKey = apiKey;
    this.clock = clock;
  }

  @Override
  public Mono<Secret> token() {
    return Mono.defer(() -> {
      Mono<Issued> cached = current.get();
      if (cached == null) {
        return renew(null).map(Issued::access);
      }
      return cached.flatMap(t -> clock.instant().isBefore(t.renewAt()) ? Mono.just(t) : renew(cached))
          .map(Issued::access);
    });
  }

  @Override
  public Mono<Secret> renewAfterRejection(Secret rejected) {
    return Mono.defer(() -> {
      Mono<Issued> cached = current.get();
      Mono<Issued> fresh = cached == null ? renew(null)
          : cached.flatMap(t -> t.access().equals(rejected) ? renew(cached) : Mono.just(t));
      return fresh.map(Issued::access);
    });
  }

  /** Replaces {@code expected} (or nothing) with one shared exchange; a failed exchange is not cached. */
  private Mono<Issued> renew(Mono<Issued> expected) {
    Mono<Issued> previous = expected;
    Mono<Issued> exchange = Mono.defer(() -> previous == null ? exchange("password", null)
            : previous.flatMap(p -> exchange("refresh_token", p.refresh()))
                .onErrorResume(SourceException.class, e -> e.kind() == SourceException.Kind.AUTH
                    ? exchange("password", null) : Mono.error(e)))
        .cache(ok -> Duration.ofDays(365), err -> Duration.ZERO, () -> Duration.ZERO);
    if (current.compareAndSet(expected, exchange)) {
      return exchange.doOnError(e -> current.compareAndSet(exchange, null));
    }
    return current.get();
  }

  private Mono<Issued> exchange(String grant, Secret refresh) {
    String form = "grant_type=" + grant + ("password".equals(grant)
        ? "&username=apikey&password=" + enc(apiKey.reveal())
        : "&refresh_token=" + enc(refresh == null ? "" : refresh.reveal()));
    return http.headers(h -> h.set("Authorization", CF_CLIENT)
            .set("Content-Type", "application/x-www-form-urlencoded")
            .set("Accept", "application/json"))
        // a URI, not the string: Reactor Netty misreads a one-digit port in a string URL as part of the host
        .post().uri(URI.create(tokenUrl))
        .send(ByteBufFlux.fromString(Mono.just(form), StandardCharsets.UTF_8, io.netty.buffer.ByteBufAllocator.DEFAULT))
        .responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> parse(res.status().code(), bytes)))
        .onErrorMap(e -> !(e instanceof SourceException),
            e -> new SourceException(Side.IAM, SourceException.Kind.UNAVAILABLE, 0, "token endpoint " + tokenUrl
                + " unreachable: " + e.getClass().getSimpleName(), null, e))
        .doOnNext(t -> LOG.info("obtained an Activity Tracker token ({} grant), renewing at {}", grant, t.renewAt()));
  }

  private Issued parse(int status, byte[] body) {
    if (status != 200) {
      Kind kind = HttpStatuses.kind(Side.IAM, status);
      throw new SourceException(Side.IAM, SourceException.Kind.of(kind), status, kind == Kind.AUTH
          ? "token endpoint " + tokenUrl + " refused the API key (HTTP " + status + "): check AT_API_KEY"
          : "token endpoint " + tokenUrl + " answered HTTP " + status, null, null);
    }
    try {
      JsonNode n = json.readTree(body);
      String access = n.path("access_token").asText("");
      long expiresIn = n.path("expires_in").asLong(3600);
      String refresh = n.path("refresh_token").asText("");
      // renew at 80% of the lifetime so a long download never starts with a nearly expired token
      Instant renewAt = clock.instant().plusSeconds(Math.max(1, expiresIn * 8 / 10));
      return new Issued(Secret.of(access), refresh.isEmpty() ? null : Secret.of(refresh), renewAt);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new SourceException(Side.IAM, SourceException.Kind.UNAVAILABLE, status,
          "token endpoint " + tokenUrl + " answered an unreadable token response", null, null);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
