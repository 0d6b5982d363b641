package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Position;
import java.time.Clock;
import java.util.Objects;

/**
 * How records become indexed documents (docs/fields.md): where they land ({@link Destination}: a data stream or the
 * monthly indices), whether the original event text is kept ({@code event.original}), and the clock of
 * {@code event.ingested}. Each download's decoder writes its documents with its own {@link Transcoder};
 * {@link #normalize} does one record given as a tree (dead-letter replay). Thread-safe.
 */
public final class Normalizer {
  public static final String STAGE = Transcoder.STAGE;

  private final Destination destination;
  private final boolean preserveOriginal;
  private final Clock clock;

  /** @param indexPrefix prefix of the monthly indices, e.g. {@code activity-tracker-} */
  public Normalizer(String indexPrefix) {
    this(Destination.monthly(indexPrefix));
  }

  /** The monthly indices of {@code indexPrefix}, as {@link #Normalizer(Destination, boolean, Clock)}. */
  public Normalizer(String indexPrefix, boolean preserveOriginal, Clock clock) {
    this(Destination.monthly(indexPrefix), preserveOriginal, clock);
  }

  /** @param destination chooses each event's index (or data stream) and completes its document */
  public Normalizer(Destination destination) {
    this(destination, false, Clock.systemUTC());
  }

  /**
   * @param destination chooses each event's index (or data stream) and completes its document
   * @param preserveOriginal keep each record's text in {@code event.original} ({@code --preserve-original-event})
   * @param clock the clock of {@code event.ingested}
   */
  public Normalizer(Destination destination, boolean preserveOriginal, Clock clock) {
    this.destination = Objects.requireNonNull(destination, "destination");
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
    return new Transcoder(destination, preserveOriginal, limits);
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
