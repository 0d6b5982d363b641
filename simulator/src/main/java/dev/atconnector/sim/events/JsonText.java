package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Jackson plumbing shared by the writers: one factory configured the way every simulated record is written, and small
 * helpers that keep the hot path free of per-field allocation.
 *
 * <p>Supplementary characters (the emoji) are written as raw 4-byte UTF-8, not as escaped surrogate pairs: that is
 * what a real UTF-8 producer emits and what {@link CanonicalJson} needs for the shared test vector. Root values are not
 * separated by the generator: framing is the body writer's job.
 */
final class JsonText {
  static final JsonFactory FACTORY = new JsonFactoryBuilder()
      .rootValueSeparator((String) null)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  static JsonGenerator generator(OutputStream out) {
    try {
      return FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonGenerator generator(Writer out) {
    try {
      return FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SerializableString name(String fieldName) {
    return new SerializedString(fieldName);
  }

  /** Writes {@code value} as 16 lowercase hex digits at {@code at}; returns the end offset. */
  static int hex16(char[] out, int at, long value) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return at + 16;
  }

  /** A version-4-shaped UUID string from two random longs. */
  static String uuid(long hi, long lo) {
    char[] c = new char[36];
    uuid(c, 0, hi, lo);
    return new String(c);
  }

  /** Writes the UUID of {@link #uuid(long, long)} as 36 chars at {@code at}; returns the end offset. */
  static int uuid(char[] c, int at, long hi, long lo) {
    long h = (hi & ~0xF000L) | 0x4000L;
    long l = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    hexInto(c, at, h >>> 32, 8);
    c[at + 8] = '-';
    hexInto(c, at + 9, h >>> 16, 4);
    c[at + 13] = '-';
    hexInto(c, at + 14, h, 4);
    c[at + 18] = '-';
    hexInto(c, at + 19, l >>> 48, 4);
    c[at + 23] = '-';
    hexInto(c, at + 24, l, 12);
    return at + 36;
  }

  static String hex32(long hi, long lo) {
    char[] c = new char[32];
    hex16(c, 0, hi);
    hex16(c, 16, lo);
    return new String(c);
  }

  private static void hexInto(char[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /** A {@link Writer} into a reusable {@link StringBuilder}, for JSON that must be embedded as a string value. */
  static final class BuilderWriter extends Writer {
    final StringBuilder sb = new StringBuilder(1024);

    @Override
    public void write(char[] cbuf, int off, int len) {
      sb.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      sb.append(str, off, off + len);
    }

    @Override
    public void flush() {
      // nothing buffered here; the StringBuilder is the destination
    }

    @Override
    public void close() {
      // reused for the life of the writer; nothing to release
    }
  }
}
