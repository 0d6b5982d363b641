package dev.atconnector.ingest.decode;

import java.util.Locale;

/** The value rules of the ECS fields (docs/fields.md) that take a decision; the {@link Transcoder} writes them. */
final class EcsFields {
  private EcsFields() {}

  /** ECS allows only success, failure and unknown; CADF adds pending (and services send anything). */
  static String outcome(String cadf) {
    String o = cadf.trim().toLowerCase(Locale.ROOT);
    return o.equals("success") || o.equals("failure") ? o : "unknown";
  }

  /** CADF severity as an ECS number (higher is worse); null for anything else. */
  static Integer severity(String cadf) {
    if (cadf == null) {
      return null;
    }
    return switch (cadf.trim().toLowerCase(Locale.ROOT)) {
      case "normal" -> 1;
      case "warning" -> 2;
      case "critical" -> 3;
      default -> null;
    };
  }

  /** Local part, one {@code @}, a dotted domain; no spaces or placeholder brackets. */
  static boolean looksLikeEmail(String s) {
    if (s == null || s.length() > 254) {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 1 || at != s.lastIndexOf('@')) {
      return false;
    }
    int dot = s.lastIndexOf('.');
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
