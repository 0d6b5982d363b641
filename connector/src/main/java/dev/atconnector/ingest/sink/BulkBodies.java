package dev.atconnector.ingest.sink;

/** Small helpers for bulk bodies and for what of them may reach a log line. */
final class BulkBodies {
  /** The most characters of any document-derived text a log line or error message carries. */
  static final int MAX_LOGGED_CHARS = 200;

  private BulkBodies() {}

  /**
   * The source as one NDJSON line. Raw CR/LF can only be whitespace between tokens in valid JSON (inside strings
   * they must be escaped), so replacing them with spaces keeps the document identical while protecting the framing
   * of the bulk body. Compact sources, the normal case, are returned as is without copying.
   */
  static byte[] oneLine(byte[] source) {
    int i = 0;
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

  static String clip(String text) {
    return text.length() <= MAX_LOGGED_CHARS ? text : text.substring(0, MAX_LOGGED_CHARS) + "...";
  }
}
