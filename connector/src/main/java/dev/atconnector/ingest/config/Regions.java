package dev.atconnector.ingest.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The regions that offered the Activity Tracker v3 API and their host parts (reference B.1, "API endpoints"; UAA on
 * {@code login.<host part>}, reference B.2). The same list as the CLI's {@code --region}, which is not visible here.
 */
final class Regions {
  private static final Map<String, String> HOSTS =
      Map.of("us-south", "ng", "eu-gb", "eu-gb", "eu-de", "eu-de", "au-syd", "au-syd");

  /** For messages, in a stable order. */
  static final String NAMES = "us-south, eu-gb, eu-de, au-syd";

  private Regions() {}

  /** The region's host part, or empty if the name is not a region (case-insensitive). */
  static Optional<String> host(String region) {
    return Optional.ofNullable(HOSTS.get(region.strip().toLowerCase(Locale.ROOT)));
  }

  static URI endpoint(String host) {
    return URI.create("https://activity-tracker." + host + ".bluemix.net");
  }

  static URI uaaUrl(String host) {
    return URI.create("https://login." + host + ".bluemix.net/UAALoginServerWAR/oauth/token");
  }
}
