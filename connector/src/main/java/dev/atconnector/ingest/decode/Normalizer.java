package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;
import java.time.Clock;
import java.util.Objects;

/**
 * How records become indexed documents (docs/fields.md): the index prefix, whether the original event text is kept
 * ({@code event.original}), and the clock of {@code event.ingested}. Each download's decoder writes its documents
 * with its own {@link Transcoder}; {@link #normalize} does one record given as a tree (dead-letter replay).
 * Thread-safe.
 */
public final class Normalizer {
  public static final String STAGE = Transcoder.STAGE;

  private final String indexPrefix;
  private final boolean preserveOriginal;
  private final Clock clock;

  /** @param indexPrefix prefix of the time-based indices, e.g. {@code activity-tracker-} */
  public Normalizer(String indexPrefix) {
    this(indexPrefix, false, Clock.systemUTC());
  }

  /**
   * @param indexPrefix prefix of the time-based indices, e.g. {@code activity-tracker-}
   * @param preserveOriginal keep each record's text in {@code event.original} ({@code --preserve-original-event})
   * @param clock the clock of {@code event.ingested}
   */
  public Normalizer(String indexPrefix, boolean preserveOriginal, Clock clock) {
    this.indexPrefix = Objects.requireNonNull(indexPrefix, "indexPrefix");
    this.preserveOriginal = preserveOriginal;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public boolean preserveOriginal() {
    return preserveOriginal;
  }

  Clock clock() {
    return clock;
  }

  Transcoder transcoder(DecodeLimits limits) {
    return new Transcoder(indexPrefix, preserveOriginal, limits);
  }

  /**
   * One record given as a tree, as the download decoder would write it (by its slow path, which writes the same
   * document as its fast path).
   *
   * @param position where the record came from
   * @param original the record's bytes exactly as downloaded (UTF-8)
   * @param record the record parsed (a default {@code ObjectMapper}'s tree)
   */
  public Decoded normalize(Position position, byte[] original, JsonNode record) {
    Transcoder transcoder = transcoder(DecodeLimits.DEFAULTS);
    transcoder.ingested(clock.millis());
    return transcoder.transcodeTree(position, original, 0, original.length, record);
  }
}
