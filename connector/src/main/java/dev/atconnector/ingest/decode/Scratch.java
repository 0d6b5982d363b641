package dev.atconnector.ingest.decode;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable growable byte buffer a generator writes one record's document into; {@link #reset()} between records.
 * Its bytes are also a {@link RawBytes} ({@link #raw()}), so one generator's output can be spliced into another's as
 * a raw value ({@code writeRawValue}) without a copy through a String. Not thread-safe.
 */
final class Scratch extends OutputStream {
  private final RawBytes view = new RawBytes();
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

  /**
   * The bytes written so far as raw JSON, to splice into another generator's output ({@code writeRawValue}) without a
   * copy: a view, valid until the next write or {@link #reset()}, and the same object every time.
   */
  RawBytes raw() {
    view.set(buf, 0, count);
    return view;
  }
}
