package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One source of a sources file, validated and with the file's defaults applied (see {@link SourcesFile} for the
 * file's shape). Holds no secret: the credential is a {@link CredentialRef}.
 *
 * @param name unique in the file, {@code [a-z0-9-]}
 * @param endpoint the Activity Tracker API base URL (from {@code region} or {@code endpoint})
 * @param uaaUrl the UAA token endpoint for API keys ({@code uaa_url}, else the region's login host, else the
 *     endpoint's own {@code /UAALoginServerWAR/oauth/token})
 * @param spaceId the space GUID (X-Auth-Project-Id)
 * @param accountLevel AtAccountLevel
 * @param start first UTC day, inclusive
 * @param end last UTC day, inclusive; empty for {@code end: today} (or no end), which moves with the date
 * @param hour SearchTime: only this UTC hour of each day
 * @param indexPrefix events go to {@code <prefix>YYYY.MM}
 * @param windowDays days per download session, 1-15
 * @param credential where the token or API key is
 * @param origin {@code file:line: sources[i]} of the source, for messages
 */
public record SourceDefinition(
    String name,
    URI endpoint,
    URI uaaUrl,
    String spaceId,
    boolean accountLevel,
    LocalDate start,
    Optional<LocalDate> end,
    OptionalInt hour,
    String indexPrefix,
    int windowDays,
    CredentialRef credential,
    String origin) {

  public SourceDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(uaaUrl, "uaaUrl");
    Objects.requireNonNull(spaceId, "spaceId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(indexPrefix, "indexPrefix");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(origin, "origin");
  }

  /** The last day to ingest when today is {@code today}: the fixed end, or today. */
  public LocalDate endOn(LocalDate today) {
    return end.orElse(today);
  }

  /**
   * What the service's 30-open-sessions limit is counted over: the endpoint (scheme, host, port, lowercased) and the
   * space. Account-level and space-level sources of one space share it.
   */
  public String sessionPool() {
    return normalized(endpoint) + " " + spaceId;
  }

  /**
   * The run configuration of this source: its endpoint, UAA URL, space, level, range, hour, window, index prefix
   * (and so dead-letter index) and credential, with what the run shares ({@code run}: Elasticsearch, sink, decoder,
   * checkpoints, metrics) and the command line's Activity Tracker transport ({@code --ca-cert},
   * {@code --read-timeout}).
   *
   * @throws ConfigException naming the file, line and key if the credential cannot be read, or if the range is
   *     empty on {@code today}
   */
  public IngestConfig toIngestConfig(RunSettings run, Optional<Path> atCaCert, Duration readTimeout,
      Map<String, String> env, LocalDate today) {
    LocalDate last = endOn(today);
    if (last.isBefore(start)) {
      throw new ConfigException(origin + ".start: " + start + " is after the end " + last
          + "; give a start on or before the end");
    }
    Secret secret = credential.resolve(env);
    Optional<Secret> token = credential.kind().isToken() ? Optional.of(secret) : Optional.empty();
    Optional<Secret> apiKey = credential.kind().isToken() ? Optional.empty() : Optional.of(secret);
    AtAccess access = new AtAccess(endpoint, uaaUrl, token, apiKey, atCaCert, readTimeout);
    return new IngestConfig(new SourceSettings(access, spaceId, accountLevel,
        new ReadRange(start, last, hour, windowDays), indexPrefix), run);
  }

  static String normalized(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
  }
}
