package dev.atconnector.ingest.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach and authenticate to Activity Tracker; shared by every command that talks to it. */
final class AtOptions {
  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Activity Tracker API base URL, e.g. https://activity-tracker.ng.bluemix.net (AT_ENDPOINT)")
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
      description = "UAA token endpoint for API keys (default: <endpoint>/UAALoginServerWAR/oauth/token) "
          + "(AT_UAA_URL)")
  String uaaUrl;

  @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "120s",
      converter = DurationConverter.class,
      description = "longest pause between two reads of a response before the download is resumed "
          + "(default ${DEFAULT-VALUE}) (AT_READ_TIMEOUT)")
  Duration readTimeout;
}
