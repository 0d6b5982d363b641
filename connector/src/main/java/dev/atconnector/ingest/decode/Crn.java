package dev.atconnector.ingest.decode;

import java.util.function.Function;

/**
 * The parts of an IBM Cloud Resource Name the ECS {@code cloud.*} fields need:
 * {@code crn:v1:CNAME:CTYPE:SERVICE:LOCATION:SCOPE:INSTANCE:RESOURCE-TYPE:RESOURCE}, where SCOPE is
 * {@code a/ACCOUNT} for an account (also {@code s/SPACE}, {@code o/ORG}, {@code p/PROJECT}). Empty segments are
 * absent; a segment holding a documentation placeholder ({@code <ACCOUNT_ID>}) or other characters no real
 * CRN segment has is treated as absent too.
 */
record Crn(String service, String region, String account) {
  private static final int SERVICE = 4;
  private static final int LOCATION = 5;
  private static final int SCOPE = 6;

  /** @return the parts, or null when {@code text} is not a CRN */
  static Crn parse(CharSequence text) {
    return parse(text, null);
  }

  /**
   * As {@link #parse(CharSequence)}, the parts taken from {@code tokens} when it has seen them before (services,
   * regions and accounts repeat from event to event: no String per part and per event).
   */
  static Crn parse(CharSequence text, Tokens tokens) {
    if (text == null || text.length() < 4 || Character.toLowerCase(text.charAt(0)) != 'c'
        || Character.toLowerCase(text.charAt(1)) != 'r' || Character.toLowerCase(text.charAt(2)) != 'n'
        || text.charAt(3) != ':') {
      return null;
    }
    // colon positions of segments SERVICE..SCOPE, found without split's array and substrings (runs per event)
    // starts[k]: where segment k begins, "crn" being segment 0; segment is how many starts are known
    int[] starts = new int[SCOPE + 2];
    starts[1] = 4;
    int segment = 2;
    for (int i = 4; i < text.length() && segment <= SCOPE + 1; i++) {
      if (text.charAt(i) == ':') {
        starts[segment++] = i + 1;
      }
    }
    if (segment <= LOCATION) {
      return null;
    }
    String account = null;
    if (segment > SCOPE && starts[SCOPE] + 1 < text.length() && text.charAt(starts[SCOPE]) == 'a'
        && text.charAt(starts[SCOPE] + 1) == '/') {
      account = token(text, starts[SCOPE] + 2, end(text, starts, SCOPE, segment), tokens);
    }
    return new Crn(token(text, starts[SERVICE], end(text, starts, SERVICE, segment), tokens),
        token(text, starts[LOCATION], end(text, starts, LOCATION, segment), tokens), account);
  }

  /** Where segment {@code n} ends: before the next colon, or at the end of the text. */
  private static int end(CharSequence text, int[] starts, int n, int found) {
    return n + 1 < found ? starts[n + 1] - 1 : text.length();
  }

  /** The part from {@code first}, else from {@code second}; null-safe for either CRN. */
  static String first(Crn first, Crn second, Function<Crn, String> part) {
    String value = first == null ? null : part.apply(first);
    return value != null || second == null ? value : part.apply(second);
  }

  /** The segment {@code text[from, to)} when it is letters, digits, '-', '_' or '.'; else null. */
  private static String token(CharSequence text, int from, int to, Tokens tokens) {
    if (to <= from || to - from > 128) {
      return null;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_' || c == '.';
      if (!ok) {
        return null;
      }
    }
    return tokens != null ? tokens.get(text, from, to) : text.subSequence(from, to).toString();
  }

  /** Segments seen before, looked up by their characters. Not thread-safe. */
  static final class Tokens {
    private static final int SIZE = 1024; // a power of two
    private static final int PROBES = 8;
    private final String[] table = new String[SIZE];

    /** {@code text[from, to)} as a String, the same String as last time when it was seen before. */
    String get(CharSequence text, int from, int to) {
      int hash = 0;
      for (int i = from; i < to; i++) {
        hash = 31 * hash + text.charAt(i);
      }
      hash ^= hash >>> 16;
      for (int i = hash & (SIZE - 1), probes = 0; probes < PROBES; i = (i + 1) & (SIZE - 1), probes++) {
        String s = table[i];
        if (s == null) {
          s = text.subSequence(from, to).toString();
          table[i] = s;
          return s;
        }
        if (equal(s, text, from, to)) {
          return s;
        }
      }
      return text.subSequence(from, to).toString(); // a crowded neighbourhood: not kept
    }

    private static boolean equal(String s, CharSequence text, int from, int to) {
      if (s.length() != to - from) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) != text.charAt(from + i)) {
          return false;
        }
      }
      return true;
    }
  }
}
