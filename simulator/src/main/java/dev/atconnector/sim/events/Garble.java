package dev.atconnector.sim.events;

import java.nio.charset.StandardCharsets;

/**
 * The {@code garbleDownloads} fault's damage, the kind a corrupt file on the server would carry: text altered after
 * its gzip CRC32 was computed, so the body inflates, every record still parses, and only the member's CRC check at
 * its end tells a reader that the records it has already decoded are not the true ones. Each {@code success}
 * becomes {@code SUCCESS} (same length, so only the CRC differs); an occurrence split between two pieces of text is
 * left as it is.
 */
final class Garble {
  private static final byte[] FROM = "success".getBytes(StandardCharsets.US_ASCII);

  private Garble() {}

  /** Garbles {@code text[0, length)} in place. */
  static void apply(byte[] text, int length) {
    for (int i = 0; i + FROM.length <= length; i++) {
      if (matches(text, i)) {
        for (int j = 0; j < FROM.length; j++) {
          text[i + j] = (byte) Character.toUpperCase(FROM[j]);
        }
        i += FROM.length - 1;
      }
    }
  }

  private static boolean matches(byte[] text, int at) {
    for (int j = 0; j < FROM.length; j++) {
      if (text[at + j] != FROM[j]) {
        return false;
      }
    }
    return true;
  }
}
