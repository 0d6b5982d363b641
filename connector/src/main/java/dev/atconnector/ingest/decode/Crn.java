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
      account = token(text, starts[SCOPE] + 2, end(text, starts, SCOPE, segment));
    }
    return new Crn(token(text, starts[SERVICE], end(text, starts, SERVICE, segment)),
        token(text, starts[LOCATION], end(text, starts, LOCATION, segment)), account);
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
  private static String token(CharSequence text, int from, int to) {
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
    return text.subSequence(from, to).toString();
  }
}
