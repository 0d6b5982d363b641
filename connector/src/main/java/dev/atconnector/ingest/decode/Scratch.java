package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable growable byte buffer a generator writes one record's document into; {@link #reset()} between records.
 * It is also a {@link SerializableString} of its bytes, so one generator's output can be spliced into another's as a
 * raw value ({@code writeRawValue}) without a copy through a String. Not thread-safe.
 */
final class Scratch extends OutputStream implements SerializableString {
  private byte[] buf;
  private int count;

  Scratch(int initial) {
    buf = new byte[initial];
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  private void ensure(int n) {
    if (buf.length - count < n) {
      buf = Arrays.copyOf(buf, Math.max(count + n, buf.length * 2));
    }
  }

  void reset() {
    count = 0;
    if (buf.length > 256 * 1024) {
      buf = new byte[8 * 1024]; // a huge record has passed: give its memory back
    }
  }

  int size() {
    return count;
  }

  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  // SerializableString: only the unquoted UTF-8 forms are used (writeRawValue)

  @Override
  public String getValue() {
    return new String(buf, 0, count, StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public char[] asQuotedChars() {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return toByteArray();
  }

  @Override
  public byte[] asQuotedUTF8() {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (buffer.length - offset < count) {
      return -1;
    }
    System.arraycopy(buf, 0, buffer, offset, count);
    return count;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    String s = getValue();
    if (buffer.length - offset < s.length()) {
      return -1;
    }
    s.getChars(0, s.length(), buffer, offset);
    return s.length();
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
    out.write(buf, 0, count);
    return count;
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (buffer.remaining() < count) {
      return -1;
    }
    buffer.put(buf, 0, count);
    return count;
  }
}
