package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Region;
import dev.atconnector.ingest.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach and authenticate to Activity Tracker; shared by every command that talks to it. */
final class AtOptions {
  @Option(names = "--region", paramLabel = "REGION",
      description = "us-south, eu-gb, eu-de or au-syd: that region's documented API endpoint and UAA login host "
          + "(AT_REGION)")
  String region;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Activity Tracker API base URL, e.g. https://activity-tracker.ng.bluemix.net; overrides "
          + "--region (AT_ENDPOINT)")
  String endpoint;

  @Option(names = "--space", paramLabel = "ID",
      description = "space GUID where Activity Tracker is provisioned (X-Auth-Project-Id) (AT_SPACE_ID)")
  String space;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "file holding the token; else the AT_TOKEN environment variable (AT_TOKEN_FILE)")
  Path tokenFile;

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "file holding an IBM Cloud API key to exchange for tokens (renewed before expiry); "
          + "else AT_API_KEY (AT_API_KEY_FILE)")
  Path apiKeyFile;

  @Option(names = "--uaa-url", paramLabel = "URL",
      description = "UAA token endpoint for API keys (default: the region's login host, or "
          + "<endpoint>/UAALoginServerWAR/oauth/token with --endpoint) (AT_UAA_URL)")
  String uaaUrl;

  @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "120s",
      converter = DurationConverter.class,
      description = "longest pause between two reads of a response before the download is resumed "
          + "(default ${DEFAULT-VALUE}) (AT_READ_TIMEOUT)")
  Duration readTimeout;

  /** {@code --endpoint} if given, else the region's endpoint; a wrong region name fails even with an endpoint. */
  URI endpoint() {
    Region r = region == null || region.isBlank() ? null : region(region);
    if (endpoint != null && !endpoint.isBlank()) {
      return Settings.httpUrl(endpoint, "--endpoint (AT_ENDPOINT)");
    }
    if (r == null) {
      throw new ConfigException("--region (AT_REGION) or --endpoint (AT_ENDPOINT) is required: give --region "
          + "with one of " + Region.names() + ", or --endpoint URL");
    }
    return r.endpoint();
  }

  /** {@code --uaa-url} if given; else the region's login host, unless {@code --endpoint} points elsewhere. */
  URI uaaUrl(URI resolvedEndpoint) {
    boolean byRegion = (endpoint == null || endpoint.isBlank()) && region != null && !region.isBlank();
    if ((uaaUrl == null || uaaUrl.isBlank()) && byRegion) {
      return region(region).uaaUrl();
    }
    return Settings.uaaUrl(uaaUrl, resolvedEndpoint);
  }

  /** The region named {@code value} (case-insensitive), or a usage error listing the valid names. */
  static Region region(String value) {
    return Region.parse(value, "--region (AT_REGION)", "--endpoint URL");
  }
}
