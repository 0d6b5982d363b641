package dev.atconnector.ingest.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Small helpers for bulk bodies and for what of them may reach a log line. */
public final class BulkBodies {
  /** The most characters of any document-derived text a log line or error message carries. */
  static final int MAX_LOGGED_CHARS = 200;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = '\n' * ONES;
  private static final long CRS = '\r' * ONES;

  private BulkBodies() {}

  /**
   * The source as one NDJSON line. Raw CR/LF can only be whitespace between tokens in valid JSON (inside strings
   * they must be escaped), so replacing them with spaces keeps the document identical while protecting the framing
   * of the bulk body. Compact sources, the normal case, are returned as is without copying.
   */
  static byte[] oneLine(byte[] source) {
    int i = firstLineBreakWord(source);
    while (i < source.length && source[i] != '\n' && source[i] != '\r') {
      i++;
    }
    if (i == source.length) {
      return source;
    }
    byte[] copy = source.clone();
    for (; i < copy.length; i++) {
      if (copy[i] == '\n' || copy[i] == '\r') {
        copy[i] = ' ';
      }
    }
    return copy;
  }

  /**
   * Where the search for CR/LF must start: every source is scanned once per bulk request, so whole 8-byte words
   * free of CR and LF are skipped at once (the classic "has a zero byte" test on the word XOR the byte pattern).
   */
  private static int firstLineBreakWord(byte[] source) {
    int i = 0;
    for (int last = source.length - Long.BYTES; i <= last; i += Long.BYTES) {
      long word = (long) LONGS.get(source, i);
      if (hasZeroByte(word ^ LFS) || hasZeroByte(word ^ CRS)) {
        break;
      }
    }
    return i;
  }

  private static boolean hasZeroByte(long word) {
    return ((word - ONES) & ~word & HIGHS) != 0;
  }

  /** {@code text} cut to what a log line or an error message shows of a server's answer. */
  public static String clip(String text) {
    return text.length() <= MAX_LOGGED_CHARS ? text : text.substring(0, MAX_LOGGED_CHARS) + "...";
  }
}
