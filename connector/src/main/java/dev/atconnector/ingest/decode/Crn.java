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
  static Crn parse(String text) {
    if (text == null || text.length() < 4 || !text.regionMatches(true, 0, "crn:", 0, 4)) {
      return null;
    }
    String[] s = text.split(":", SCOPE + 2);
    if (s.length <= LOCATION) {
      return null;
    }
    String account = null;
    if (s.length > SCOPE && s[SCOPE].startsWith("a/")) {
      account = token(s[SCOPE].substring(2));
    }
    return new Crn(token(s[SERVICE]), token(s[LOCATION]), account);
  }

  /** The part from {@code first}, else from {@code second}; null-safe for either CRN. */
  static String first(Crn first, Crn second, Function<Crn, String> part) {
    String value = first == null ? null : part.apply(first);
    return value != null || second == null ? value : part.apply(second);
  }

  /** A segment of letters, digits, '-', '_' or '.'; else null. */
  private static String token(String segment) {
    if (segment.isEmpty() || segment.length() > 128) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '_' || c == '.';
      if (!ok) {
        return null;
      }
    }
    return segment;
  }
}
