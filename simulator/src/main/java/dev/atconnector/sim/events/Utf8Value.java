package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.util.Arrays;

/**
 * One JSON string value assembled from pieces that need no escaping (pre-escaped UTF-8 of constant parts, ASCII
 * digits, hex and punctuation) and written with {@link JsonGenerator#writeRawUTF8String}: the same bytes
 * {@code writeString} would give, without building a {@code String} or scanning every char for escapes. The hot path
 * of record writing; reused value after value. Not thread-safe.
 */
final class Utf8Value {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] bytes = new byte[256];
  private int length;

  Utf8Value clear() {
    length = 0;
    return this;
  }

  /** Appends UTF-8 bytes that are already escaped for a JSON string (e.g. {@link SerializableString#asQuotedUTF8}). */
  Utf8Value escaped(byte[] utf8) {
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, length, utf8.length);
    length += utf8.length;
    return this;
  }

  Utf8Value escaped(SerializableString value) {
    return escaped(value.asQuotedUTF8());
  }

  /** Appends chars that are plain ASCII needing no escape (digits, letters, {@code -:.+TZ} ...). */
  Utf8Value ascii(char[] chars, int from, int to) {
    ensure(to - from);
    for (int i = from; i < to; i++) {
      bytes[length++] = (byte) chars[i];
    }
    return this;
  }

  Utf8Value ascii(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** Appends {@code value} as 16 lowercase hex digits. */
  Utf8Value hex16(long value) {
    ensure(16);
    for (int i = 15; i >= 0; i--) {
      bytes[length + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    length += 16;
    return this;
  }

  void writeTo(JsonGenerator g) throws IOException {
    g.writeRawUTF8String(bytes, 0, length);
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
