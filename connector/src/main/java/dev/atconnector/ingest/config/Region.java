package dev.atconnector.ingest.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The regions that offered the Activity Tracker v3 API, with their documented endpoints (reference B.1, "API
 * endpoints") and UAA login hosts ({@code login.<region host>}, reference B.2 "Token (UAA)"). The one table behind
 * the CLI's {@code --region} and a sources file's {@code region:}.
 */
public enum Region {
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

  public String id() {
    return id;
  }

  public URI endpoint() {
    return URI.create("https://activity-tracker." + host + ".bluemix.net");
  }

  public URI uaaUrl() {
    return URI.create("https://login." + host + ".bluemix.net/UAALoginServerWAR/oauth/token");
  }

  /** The names, for messages, in a stable order: {@code us-south, eu-gb, eu-de, au-syd}. */
  public static String names() {
    return Arrays.stream(values()).map(Region::id).collect(Collectors.joining(", "));
  }

  /** The region named {@code value} (case-insensitive, blanks around it ignored), if it is one. */
  public static Optional<Region> find(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.id.equals(v)).findFirst();
  }

  /**
   * The region named {@code value}, or a usage error naming {@code what} (the flag or key) and the valid names.
   *
   * @param instead the other way to say where the service is, e.g. {@code --endpoint URL}
   */
  public static Region parse(String value, String what, String instead) {
    return find(value).orElseThrow(() -> new ConfigException(what + " '" + value + "' is not a region with "
        + "Activity Tracker: use one of " + names() + ", or give " + instead));
  }
}
