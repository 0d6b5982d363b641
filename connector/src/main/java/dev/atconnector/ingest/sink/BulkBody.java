package dev.atconnector.ingest.sink;

import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The NDJSON body of one bulk request of {@code create} operations, as few large parts: the action lines and the
 * documents are copied one after the other into {@link BodySegments} (a memcpy of ~2 KB per document), so the client's
 * transport, which sends every part as its own HTTP chunk followed by a line feed, sends ~20 chunks of 256 KB per
 * request, not four small ones per document. A document too large for a segment goes as its own part, not copied.
 * Each part holds whole lines separated by line feeds, without the last one: the transport writes it.
 */
final class BulkBody {
  private static final byte[] CREATE_INDEX = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ID = "\",\"_id\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PIPELINE = "\",\"pipeline\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACTION_END = "\"}}".getBytes(StandardCharsets.UTF_8);

  private final BodySegments pool;
  private final List<BinaryData> parts = new ArrayList<>();
  private final List<byte[]> segments = new ArrayList<>();
  private byte[] segment;
  private int at;
  private int partStart;
  private byte[] action = new byte[256];

  private BulkBody(BodySegments pool) {
    this.pool = pool;
  }

  /**
   * The body of {@code items}: per item its action line (events, never dead letters, naming {@code pipeline} when
   * one is given) and its document's bytes as they are. Event documents come from the transcoder and dead letters from
   * a generator, both compact JSON with no raw line break ({@code Doc#source}), so no per-document scan is needed to
   * keep the bulk framing.
   */
  static BulkBody of(List<BulkItem> items, Optional<String> pipeline, BodySegments pool) {
    BulkBody body = new BulkBody(pool);
    byte[] pipe = pipeline.map(BulkBody::quoted).orElse(null);
    String lastIndex = null;
    byte[] index = null;
    for (BulkItem item : items) {
      if (!item.index().equals(lastIndex)) {
        lastIndex = item.index();
        index = quoted(lastIndex);
      }
      int n = body.action(index, item.id(), item.isDeadLetter() ? null : pipe);
      body.line(body.action, n);
      byte[] source = item.source();
      if (source.length + 1 > pool.size()) {
        body.endPart();
        body.parts.add(BinaryData.of(source, ContentType.APPLICATION_JSON));
      } else {
        body.line(source, source.length);
      }
    }
    body.endPart();
    return body;
  }

  /** The parts, in order, as the transport takes them (it ends each with a line feed). */
  List<BinaryData> parts() {
    return parts;
  }

  /** Gives the segments back to the pool: call once the transport is done with the parts. */
  void release() {
    pool.release(segments);
  }

  /** Writes the action line into {@link #action}; returns its length. */
  private int action(byte[] index, String id, byte[] pipe) {
    int need = CREATE_INDEX.length + index.length + ID.length + id.length() * 6 + ACTION_END.length
        + (pipe == null ? 0 : PIPELINE.length + pipe.length);
    if (need > action.length) {
      action = new byte[Math.max(need, action.length * 2)];
    }
    int a = put(action, 0, CREATE_INDEX, CREATE_INDEX.length);
    a = put(action, a, index, index.length);
    a = put(action, a, ID, ID.length);
    a = putQuoted(action, a, id);
    if (pipe != null) {
      a = put(action, a, PIPELINE, PIPELINE.length);
      a = put(action, a, pipe, pipe.length);
    }
    return put(action, a, ACTION_END, ACTION_END.length);
  }

  /** Appends one line of {@code length} bytes to the current part, in a new segment when it does not fit. */
  private void line(byte[] bytes, int length) {
    if (length + 1 > pool.size()) { // an action line longer than a segment (a huge pipeline name): its own part
      endPart();
      parts.add(BinaryData.of(Arrays.copyOf(bytes, length), ContentType.APPLICATION_JSON));
      return;
    }
    if (segment == null || at + 1 + length > segment.length) {
      endPart();
      segment = pool.take();
      segments.add(segment);
      at = 0;
      partStart = 0;
    }
    if (at > partStart) {
      segment[at++] = '\n';
    }
    System.arraycopy(bytes, 0, segment, at, length);
    at += length;
  }

  private void endPart() {
    if (segment != null && at > partStart) {
      parts.add(BinaryData.of(segment, partStart, at - partStart, ContentType.APPLICATION_JSON));
    }
    partStart = at;
  }

  private static int put(byte[] out, int at, byte[] bytes, int length) {
    System.arraycopy(bytes, 0, out, at, length);
    return at + length;
  }

  /** The string's content as a JSON string's UTF-8 bytes (no quotes), written at {@code at}: room for 6 per char. */
  private static int putQuoted(byte[] out, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        return put(out, at, escaped, escaped.length);
      }
    }
    for (int i = 0; i < s.length(); i++) {
      out[at + i] = (byte) s.charAt(i);
    }
    return at + s.length();
  }

  /** The string's content as a JSON string's UTF-8 bytes (without quotes): as is when nothing needs escaping. */
  static byte[] quoted(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s);
      }
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
