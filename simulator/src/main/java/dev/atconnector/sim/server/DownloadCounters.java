package dev.atconnector.sim.server;

import dev.atconnector.sim.SimStats;
import java.util.concurrent.atomic.LongAdder;

/** Download counters for the stats. Thread-safe. */
public final class DownloadCounters {
  private final LongAdder started = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder aborted = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  void started() {
    started.increment();
  }

  void completed() {
    completed.increment();
  }

  void aborted() {
    aborted.increment();
  }

  void sent(long count) {
    bytes.add(count);
  }

  public SimStats.Downloads snapshot() {
    return new SimStats.Downloads(started.sum(), completed.sum(), aborted.sum(), bytes.sum());
  }
}
