package dev.atconnector.ingest.checkpoint;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What identifies one source's checkpoint: the Activity Tracker host, the space, account or space level, the
 * SearchTime hour and the index prefix the events go to. Two runs that differ in any of these read or write
 * different events, so they keep different checkpoints.
 *
 * <p>The id is readable rather than a hash, e.g. {@code activity-tracker.ng.bluemix.net/c1234/space/all-hours/
 * activity-tracker-}, so {@code GET at-connector-checkpoints/_doc/...} and the {@code checkpoints} command need no
 * lookup table.
 */
public record SourceId(String host, String spaceId, boolean accountLevel, OptionalInt hour, String indexPrefix) {
  public SourceId {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(spaceId, "spaceId");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(indexPrefix, "indexPrefix");
  }

  /** The host of an endpoint URL, with its port when it is not the scheme's default. */
  public static String hostOf(URI endpoint) {
    String host = endpoint.getHost() == null ? endpoint.toString() : endpoint.getHost().toLowerCase(Locale.ROOT);
    return endpoint.getPort() > 0 ? host + ":" + endpoint.getPort() : host;
  }

  /** The document id: {@code host/space/space|account/all-hours|hour-HH/prefix}. */
  public String id() {
    return host + "/" + spaceId + "/" + (accountLevel ? "account" : "space") + "/"
        + (hour.isPresent() ? String.format(Locale.ROOT, "hour-%02d", hour.getAsInt()) : "all-hours") + "/"
        + indexPrefix;
  }

  @Override
  public String toString() {
    return id();
  }
}
