package dev.atconnector.ingest.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The text of a bad record, collected across chunks and kept to at most {@code limit} bytes. */
final class DeadText {
  private final int limit;
  private byte[] bytes = new byte[256];
  private int kept;
  private boolean cut;

  DeadText(int limit) {
    this.limit = limit;
  }

  void reset() {
    kept = 0;
    cut = false;
    if (bytes.length > 64 * 1024) {
      bytes = new byte[256];
    }
  }

  void append(byte[] src, int from, int to) {
    int n = Math.min(to - from, limit - kept);
    if (n < to - from) {
      cut = true;
    }
    if (n <= 0) {
      return;
    }
    if (kept + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(kept + n, bytes.length * 2)));
    }
    System.arraycopy(src, from, bytes, kept, n);
    kept += n;
  }

  /** Leaves out a {@code \r} just kept last (the text of a line that ended with CRLF). */
  void dropTrailingCr() {
    if (!cut && kept > 0 && bytes[kept - 1] == '\r') {
      kept--;
    }
  }

  boolean cut() {
    return cut;
  }

  int kept() {
    return kept;
  }

  /** The kept bytes as text; when cut, a multi-byte character split by the cut is left out rather than mangled. */
  String text() {
    int end = kept;
    if (cut) {
      int start = end;
      while (start > 0 && (bytes[start - 1] & 0xC0) == 0x80) {
        start--; // continuation bytes
      }
      if (start > 0) {
        int lead = bytes[start - 1] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (end - (start - 1) < need) {
          end = start - 1;
        }
      }
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
