package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A slice of a byte array holding valid JSON, handed to a generator's {@code writeRawValue}. Reused. */
final class RawBytes implements SerializableString {
  private byte[] buf = new byte[0];
  private int from;
  private int to;

  void set(byte[] buf, int from, int to) {
    this.buf = buf;
    this.from = from;
    this.to = to;
  }

  @Override
  public String getValue() {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
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
    return Arrays.copyOfRange(buf, from, to);
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
    int n = to - from;
    if (buffer.length - offset < n) {
      return -1;
    }
    System.arraycopy(buf, from, buffer, offset, n);
    return n;
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
    out.write(buf, from, to - from);
    return to - from;
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) {
    throw new UnsupportedOperationException("raw JSON bytes are not quoted");
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (buffer.remaining() < to - from) {
      return -1;
    }
    buffer.put(buf, from, to - from);
    return to - from;
  }
}
