package dev.atconnector.sim.events;

import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything that decides the exact bytes of one download: which events (scope, inclusive UTC day range, optional
 * SearchTime hour) and how they are written (framing, record shape, gzip members, content faults).
 *
 * @param scope whose events
 * @param start first UTC day, inclusive
 * @param end last UTC day, inclusive
 * @param hour SearchTime: only events of this UTC hour (0-23) of each day, or empty for all hours
 * @param framing record layout
 * @param shape record shape
 * @param multiMember true to write one gzip member per UTC day of the range (an empty day gives an empty member),
 *     false for a single member
 * @param malformedEvery content fault: after every N-th good record insert one malformed (not valid JSON) record; 0 off
 * @param corruptGzip content fault: corrupt the compressed stream part-way through (bad deflate data / CRC, see
 *     {@link GzipChunks}); false off
 * @param garble content fault: every {@code success} in the text is written as {@code SUCCESS} after the member's
 *     CRC32 took the true text, so the records parse and only the CRC check fails ({@link Garble}); false off
 */
public record DownloadSpec(
    Scope scope,
    LocalDate start,
    LocalDate end,
    OptionalInt hour,
    Framing framing,
    RecordShape shape,
    boolean multiMember,
    int malformedEvery,
    boolean corruptGzip,
    boolean garble) {
  public DownloadSpec {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(shape, "shape");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " must not be before start " + start);
    }
    if (hour.isPresent() && (hour.getAsInt() < 0 || hour.getAsInt() > 23)) {
      throw new IllegalArgumentException("hour (SearchTime) must be 0..23, was " + hour.getAsInt());
    }
    if (malformedEvery < 0) {
      throw new IllegalArgumentException("malformedEvery must be >= 0");
    }
  }

  /** A download without garbled records. */
  public DownloadSpec(Scope scope, LocalDate start, LocalDate end, OptionalInt hour, Framing framing,
      RecordShape shape, boolean multiMember, int malformedEvery, boolean corruptGzip) {
    this(scope, start, end, hour, framing, shape, multiMember, malformedEvery, corruptGzip, false);
  }

  /** The same download with garbled records. */
  public DownloadSpec garbled() {
    return new DownloadSpec(scope, start, end, hour, framing, shape, multiMember, malformedEvery, corruptGzip, true);
  }
}
