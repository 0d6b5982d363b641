package dev.atconnector.sim;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /_sim/stats} answers, as a Java value. Counters are cumulative since start.
 *
 * @param sessions sessions created, deleted and open
 * @param downloads downloads started, completed, aborted (client gone, cut, error) and compressed bytes sent
 * @param faults per fault kind (the CLI option name), how many times it was served
 * @param jvm the simulator JVM's heap
 */
public record SimStats(Sessions sessions, Downloads downloads, Map<String, Long> faults, Jvm jvm) {
  public SimStats {
    faults = Map.copyOf(faults);
  }

  /** Session counters and the sessions open now. */
  public record Sessions(long created, long deleted, List<OpenSession> open) {
    public Sessions {
      open = List.copyOf(open);
    }
  }

  /** An open session: its age since create and when it was last used (RFC 3339). */
  public record OpenSession(String id, String space, String user, long ageSeconds, String accessTime, int downloads) {}

  /** Download counters; bytes are compressed body bytes handed to the network. */
  public record Downloads(long started, long completed, long aborted, long bytes) {}

  /** Heap used and maximum, bytes. */
  public record Jvm(long heapUsedBytes, long heapMaxBytes) {}
}
