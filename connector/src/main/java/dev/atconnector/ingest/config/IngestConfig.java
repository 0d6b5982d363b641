package dev.atconnector.ingest.config;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.metrics.MetricsSettings;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.sink.SinkOptions;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SessionRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything one ingest run needs, validated: each field on its own ({@link IngestConfigBuilder}), then the rules
 * across fields here. {@code indexPrefix} names the dead-letter index and, with the monthly destination, the
 * event indices; {@code destination} is where events land. Immutable; secrets are {@link Secret}s, so printing a config leaks nothing.
 */
public record IngestConfig(
    URI endpoint,
    String spaceId,
    boolean accountLevel,
    LocalDate start,
    LocalDate end,
    OptionalInt hour,
    int windowDays,
    Optional<Secret> token,
    Optional<Secret> apiKey,
    URI uaaUrl,
    Optional<Path> atCaCert,
    URI esUrl,
    Optional<String> esUsername,
    Optional<Secret> esPassword,
    Optional<Secret> esApiKey,
    Optional<Path> esCaCert,
    boolean esCompress,
    String indexPrefix,
    boolean installTemplates,
    SinkOptions sink,
    DecodeLimits limits,
    Duration readTimeout,
    Optional<Duration> timeout,
    Optional<Secret> esBearerToken,
    Optional<String> esCaFingerprint,
    MetricsSettings metrics,

    CheckpointSettings checkpoint,
    List<URI> esUrls,

    boolean preserveOriginalEvent,

    Destination destination) {

  /** With {@code esUrl} as the only Elasticsearch host, no {@code event.original}, the monthly indices. */
  public IngestConfig(URI endpoint, String spaceId, boolean accountLevel, LocalDate start, LocalDate end,
      OptionalInt hour, int windowDays, Optional<Secret> token, Optional<Secret> apiKey, URI uaaUrl,
      Optional<Path> atCaCert, URI esUrl, Optional<String> esUsername, Optional<Secret> esPassword,
      Optional<Secret> esApiKey, Optional<Path> esCaCert, boolean esCompress, String indexPrefix,
      boolean installTemplates, SinkOptions sink, DecodeLimits limits, Duration readTimeout,
      Optional<Duration> timeout, Optional<Secret> esBearerToken, Optional<String> esCaFingerprint,
      MetricsSettings metrics, CheckpointSettings checkpoint) {
    this(endpoint, spaceId, accountLevel, start, end, hour, windowDays, token, apiKey, uaaUrl, atCaCert, esUrl,
        esUsername, esPassword, esApiKey, esCaCert, esCompress, indexPrefix, installTemplates, sink, limits,
        readTimeout, timeout, esBearerToken, esCaFingerprint, metrics, checkpoint, List.of(esUrl), false,
        Destination.monthly(indexPrefix));
  }

  public IngestConfig {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(spaceId, "spaceId");
    Objects.requireNonNull(esUrl, "esUrl");
    Objects.requireNonNull(metrics, "metrics");
    if (token.isEmpty() && apiKey.isEmpty()) {
      throw new ConfigException("no Activity Tracker credential: set AT_TOKEN (or --token-file) to a token, "
          + "or AT_API_KEY (or --api-key-file) to an API key");
    }
    if (end.isBefore(start)) {
      throw new ConfigException("--end (AT_END) " + end + " is before --start (AT_START) " + start
          + ": give an end on or after the start");
    }
    // validates the Elasticsearch settings together (one credential, trust only for https) and normalises the
    // fingerprint
    esUrls = esUrls.isEmpty() ? List.of(esUrl) : List.copyOf(esUrls);
    esCaFingerprint = new EsAccess(esUrl, esUsername, esPassword, esApiKey, esBearerToken, esCaCert,
        esCaFingerprint, esCompress, esUrls).caFingerprint();
  }

  /** How to reach Elasticsearch. */
  public EsAccess esAccess() {
    return new EsAccess(esUrl, esUsername, esPassword, esApiKey, esBearerToken, esCaCert, esCaFingerprint,
        esCompress, esUrls);
  }

  /** The dead-letter index: {@code <prefix>dead-letter}. */
  public String deadLetterIndex() {
    return IndexNames.deadLetter(indexPrefix);
  }

  /** The range cut into sessions of at most {@link #windowDays} days, in order. */
  public List<SessionRequest> windows() {
    List<SessionRequest> out = new ArrayList<>();
    for (LocalDate from = start; !from.isAfter(end); from = from.plusDays(windowDays)) {
      LocalDate to = from.plusDays(windowDays - 1L);
      out.add(new SessionRequest(from, to.isAfter(end) ? end : to, accountLevel, hour));
    }
    return out;
  }
}
