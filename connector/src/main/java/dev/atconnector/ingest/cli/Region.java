package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The regions that offered the Activity Tracker v3 API, with their documented endpoints (reference B.1, "API
 * endpoints") and UAA login hosts ({@code login.<region host>}, reference B.2 "Token (UAA)").
 */
enum Region {
  US_SOUTH("us-south", "ng"),
  EU_GB("eu-gb", "eu-gb"),
  EU_DE("eu-de", "eu-de"),
  AU_SYD("au-syd", "au-syd");

  private final String id;
  private final String host;

  Region(String id, String host) {
    this.id = id;
    this.host = host;
  }

  String id() {
    return id;
  }

  URI endpoint() {
    return URI.create("https://activity-tracker." + host + ".bluemix.net");
  }

  URI uaaUrl() {
    return URI.create("https://login." + host + ".bluemix.net/UAALoginServerWAR/oauth/token");
  }

  static String names() {
    return Arrays.stream(values()).map(Region::id).collect(Collectors.joining(", "));
  }

  /** The region named {@code value} (case-insensitive), or a usage error listing the valid names. */
  static Region parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (Region r : values()) {
      if (r.id.equals(v)) {
        return r;
      }
    }
    throw new ConfigException("--region (AT_REGION) '" + value + "' is not a region with Activity Tracker: use one "
        + "of " + names() + ", or give --endpoint URL");
  }
}
