package dev.atconnector.sim.fault;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many times each fault was served; the kinds are the CLI option names. Thread-safe. */
public final class FaultCounters {
  public static final String FAIL_CREATES = "fail-creates";
  public static final String FAIL_DELETES = "fail-deletes";
  public static final String FAIL_RATE = "fail-rate";
  public static final String THROTTLE = "throttle-every";
  public static final String SLOW = "slow";
  public static final String CUT = "cut-after";
  public static final String CORRUPT_GZIP = "corrupt-gzip";
  public static final String GARBLE = "garble-downloads";
  public static final String POISON = "poison-days";
  public static final String MALFORMED = "malformed-every";
  public static final String EXPIRE_TOKEN = "expire-token-mid-download";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void served(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** The counts so far, sorted by kind; kinds never served are absent. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((kind, count) -> copy.put(kind, count.sum()));
    return copy;
  }
}
