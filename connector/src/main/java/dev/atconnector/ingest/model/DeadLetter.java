package dev.atconnector.ingest.model;

import java.util.Objects;

/**
 * A record that cannot be indexed as an event, kept with why and where, never dropped.
 *
 * @param position where the record came from
 * @param stage which stage refused it: {@code decode} (not valid JSON, over a parser limit), {@code normalise}
 *     (no usable time, not an object) or {@code index} (Elasticsearch rejected it, e.g. a mapping conflict)
 * @param reason a human-readable reason naming the problem (and the limit, where one was hit)
 * @param originalText the record as downloaded (possibly cut to a configured maximum, which the reason then says)
 */
public record DeadLetter(Position position, String stage, String reason, String originalText) implements Decoded {
  public DeadLetter {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(originalText, "originalText");
  }

  /** The checksum of {@link #originalText()} (dead letters are rare: computed when asked). */
  @Override
  public long checksum() {
    byte[] bytes = originalText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes);
    return crc.getValue() << 32 | bytes.length;
  }
}
