package dev.atconnector.ingest.decode;


/** The value rules of the ECS fields (docs/fields.md) that take a decision; the {@link Transcoder} writes them. */
final class EcsFields {
  private EcsFields() {}

  /** ECS allows only success, failure and unknown; CADF adds pending (and services send anything). */
  static String outcome(CharSequence cadf) {
    return is(cadf, "success") ? "success" : is(cadf, "failure") ? "failure" : "unknown";
  }

  /** CADF severity as an ECS number (higher is worse); null for anything else. */
  static Integer severity(CharSequence cadf) {
    if (cadf == null) {
      return null;
    }
    return is(cadf, "normal") ? Integer.valueOf(1) : is(cadf, "warning") ? Integer.valueOf(2)
        : is(cadf, "critical") ? Integer.valueOf(3) : null;
  }

  /** {@code text}, trimmed, equals the lowercase {@code word} in any case (no copy: runs for every event). */
  private static boolean is(CharSequence text, String word) {
    int from = 0;
    int to = text.length();
    while (from < to && text.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && text.charAt(to - 1) <= ' ') {
      to--;
    }
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase(text.charAt(from + i)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Local part, one {@code @}, a dotted domain; no spaces or placeholder brackets. */
  static boolean looksLikeEmail(CharSequence s) {
    if (s == null || s.length() > 254) {
      return false;
    }
    int at = -1;
    int ats = 0;
    int dot = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '@') {
        at = at < 0 ? i : at;
        ats++;
      } else if (c == '.') {
        dot = i;
      }
    }
    if (at < 1 || ats != 1) {
      return false;
    }
    if (dot < at + 2 || dot == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '(' || c == ')') {
        return false;
      }
    }
    return true;
  }
}
