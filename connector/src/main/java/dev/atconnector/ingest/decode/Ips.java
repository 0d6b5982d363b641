package dev.atconnector.ingest.decode;

/**
 * IP literal checks, hand-rolled: they run for every event, and {@code InetAddress.getByName} would resolve anything
 * that is not a literal (a host name in {@code initiator.host.address}) through DNS.
 */
final class Ips {
  private Ips() {}

  /** True for a dotted-quad IPv4 (no leading zeros, which Elasticsearch's ip type refuses) or an IPv6 literal. */
  static boolean isIp(CharSequence s) {
    return s != null && (isIpv4(s, 0, s.length()) || isIpv6(s));
  }

  static boolean isIpv4(CharSequence s, int from, int to) {
    int parts = 0;
    int i = from;
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + s.charAt(i++) - '0';
      }
      int len = i - start;
      if (len == 0 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i < to) {
        if (s.charAt(i) != '.' || parts == 4) {
          return false;
        }
        i++;
        if (i == to) {
          return false;
        }
      }
    }
    return parts == 4;
  }

  /**
   * An IPv6 literal (RFC 4291 text forms: eight groups of 1-4 hex digits, one {@code ::} for a run of zero groups,
   * an IPv4 tail counting as two groups). Zone ids ({@code %eth0}) are refused: the ip field type has none.
   */
  static boolean isIpv6(CharSequence s) {
    int n = s.length();
    if (n < 2 || n > 45 || !contains(s, ':')) {
      return false;
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.charAt(0) == ':' && s.charAt(1) == ':') {
      compressed = true;
      i = 2;
    } else if (s.charAt(0) == ':') {
      return false;
    }
    while (i < n) {
      int start = i;
      while (i < n && i - start < 5 && hex(s.charAt(i))) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // an IPv4 tail ends the address
        return isIpv4(s, start, n) && (compressed ? groups <= 5 : groups == 6);
      }
      int len = i - start;
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
      } else if (i == n) {
        return false; // a single trailing colon
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  private static boolean contains(CharSequence s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return true;
      }
    }
    return false;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
