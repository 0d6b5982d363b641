package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one source reaches Activity Tracker, validated: its API endpoint, the UAA token endpoint, the credential (a
 * token, else an API key exchanged at the UAA endpoint), the CA to trust instead of the JDK's, and the read timeout.
 * Holds secrets only as {@link Secret}s, so printing it leaks nothing.
 *
 * @param endpoint the API base URL ({@code --endpoint}/{@code --region}, or the source's {@code region}/{@code
 *     endpoint})
 * @param uaaUrl the UAA token endpoint for API keys
 * @param token a fixed token ({@code AT_TOKEN}/{@code --token-file}); used when both are given
 * @param apiKey an API key ({@code AT_API_KEY}/{@code --api-key-file})
 * @param caCert PEM CA certificate(s) to trust ({@code --ca-cert})
 * @param readTimeout longest pause between two reads of a response ({@code --read-timeout})
 */
public record AtAccess(URI endpoint, URI uaaUrl, Optional<Secret> token, Optional<Secret> apiKey,
    Optional<Path> caCert, Duration readTimeout) {

  public AtAccess {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(uaaUrl, "uaaUrl");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(caCert, "caCert");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (token.isEmpty() && apiKey.isEmpty()) {
      throw new ConfigException("no Activity Tracker credential: set AT_TOKEN (or --token-file) to a token, "
          + "or AT_API_KEY (or --api-key-file) to an API key");
    }
    Settings.positive(readTimeout, "--read-timeout (AT_READ_TIMEOUT)");
  }
}
