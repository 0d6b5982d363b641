package dev.atconnector.ingest.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many of M sources each live process should hold: the same answer in every process that reads the same member
 * documents, so nobody has to be elected. Members are taken in owner order and given one source each in turn, up
 * to each one's capacity, until the sources run out: shares differ by at most one unless a capacity binds, and they
 * add up to M whenever the capacities allow (otherwise the rest is held by nobody, and the caller says so).
 */
public final class Shares {
  private Shares() {}

  /**
   * A short digest of the sources a process was given: only processes with the same sources share them out (two
   * processes following different sources must not count each other).
   */
  public static String group(List<SourceId> sources) {
    List<String> ids = new ArrayList<>(sources.stream().map(SourceId::id).toList());
    ids.sort(null);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Each member's share of {@code sources}, by owner.
   *
   * @param members the live members of one group, any order; capacities at least 1
   */
  public static Map<String, Integer> of(List<Member> members, int sources) {
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(java.util.Comparator.comparing(Member::owner));
    int[] share = new int[sorted.size()];
    int left = sources;
    boolean gave = true;
    while (left > 0 && gave) {
      gave = false;
      for (int i = 0; i < share.length && left > 0; i++) {
        if (share[i] < Math.max(1, sorted.get(i).capacity())) {
          share[i]++;
          left--;
          gave = true;
        }
      }
    }
    Map<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < share.length; i++) {
      out.put(sorted.get(i).owner(), share[i]);
    }
    return out;
  }
}
