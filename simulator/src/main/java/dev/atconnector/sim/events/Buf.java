package dev.atconnector.sim.events;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that is reused record after record, so writing events allocates nothing per record once it
 * has grown to the largest record. Not thread-safe.
 */
final class Buf extends OutputStream {
  private byte[] bytes;
  private int size;

  Buf(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  void writeAscii(String s) {
    int len = s.length();
    ensure(len);
    for (int i = 0; i < len; i++) {
      bytes[size++] = (byte) s.charAt(i);
    }
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /**
   * Hands the filled array over (to be compressed elsewhere) and continues in {@code replacement}, empty: a zero-copy
   * exchange, safe between records because the generator writing here flushes after every record.
   */
  byte[] swap(byte[] replacement) {
    byte[] filled = bytes;
    bytes = replacement;
    size = 0;
    return filled;
  }

  byte[] copy(int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }
}
