package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Field names and repeated values of a download, each encoded as quoted UTF-8 once and then copied as bytes
 * ({@link SerializedString}) instead of being encoded again for every record. The vocabulary of a download is small
 * (the parser hands out the same interned String for a name every time); a name that finds no room is written the
 * usual way. Only printable ASCII without a quote or a backslash is kept: for those the bytes are the same either
 * way, whatever the generator's escaping settings. Not thread-safe.
 */
final class Encoded {
  private static final int SIZE = 1024; // a power of two
  private static final int PROBES = 8;
  private static final int MAX_LENGTH = 256;

  private final String[] keys = new String[SIZE];
  private final SerializedString[] values = new SerializedString[SIZE];

  /** Writes {@code name} as a field name. */
  void fieldName(JsonGenerator gen, String name) throws IOException {
    SerializedString s = get(name);
    if (s != null) {
      gen.writeFieldName(s);
    } else {
      gen.writeFieldName(name);
    }
  }

  /** Writes {@code value} as a string value. */
  void string(JsonGenerator gen, String value) throws IOException {
    SerializedString s = get(value);
    if (s != null) {
      gen.writeString(s);
    } else {
      gen.writeString(value);
    }
  }

  /** The encoded form of {@code text}, or null when it is not cached and cannot be. */
  SerializedString get(String text) {
    int h = text.hashCode();
    h ^= h >>> 16;
    for (int i = h & (SIZE - 1), probes = 0; probes < PROBES; i = (i + 1) & (SIZE - 1), probes++) {
      String key = keys[i];
      if (key == text) {
        return values[i];
      }
      if (key == null) {
        if (!plain(text)) {
          return null;
        }
        keys[i] = text;
        values[i] = new SerializedString(text);
        return values[i];
      }
      if (key.equals(text)) {
        return values[i];
      }
    }
    return null;
  }

  private static boolean plain(String text) {
    if (text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
