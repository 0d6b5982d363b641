package dev.atconnector.ingest.decode;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literal checks that never touch the network: {@code InetAddress.getByName} would resolve anything that is not
 * a literal (a host name in {@code initiator.host.address}) through DNS.
 */
final class Ips {
  private Ips() {}

  /** True for a dotted-quad IPv4 (no leading zeros, which Elasticsearch's ip type refuses) or an IPv6 literal. */
  static boolean isIp(String s) {
    return s != null && (isIpv4(s, 0, s.length()) || isIpv6(s));
  }

  static boolean isIpv4(String s, int from, int to) {
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
   * Hex groups and colons (an IPv4 tail allowed), then parsed in brackets: with brackets the JDK takes the text
   * as an IPv6 literal and fails instead of looking it up. Zone ids ({@code %eth0}) are refused.
   */
  static boolean isIpv6(String s) {
    if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
          || c == '.';
      if (!ok) {
        return false;
      }
    }
    int dot = s.indexOf('.');
    if (dot >= 0) {
      int tail = s.lastIndexOf(':') + 1;
      if (dot < tail || !isIpv4(s, tail, s.length())) {
        return false;
      }
    }
    try {
      // the result is not needed: an IPv4-mapped literal (::ffff:1.2.3.4) even comes back as IPv4, still valid
      InetAddress.getByName("[" + s + "]");
      return true;
    } catch (UnknownHostException e) {
      return false; // not a literal: the caller leaves the field out
    }
  }
}
