package dev.atconnector.ingest.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop of one CLI run, whatever state each of its sources is in (issue 16). A signal used to reach only the
 * sources whose job was running at that moment: a source still starting (preflight, lease, clean-up), waiting for a
 * slot under {@code --max-concurrent-sessions} or waiting for a lease registered its stop afterwards, never saw the
 * signal, and in {@code --follow} ran on forever. Here the stop is a state, not an event: whoever starts later asks
 * {@link #requested()} (or registers and is called at once), and every wait of the run is a {@link #sleep}.
 *
 * <p>{@link #BUDGET} bounds the whole stop: a watchdog ends the process if the stop has not finished by then (a
 * backstop for a call that hangs, e.g. on a frozen Elasticsearch), so a container runtime's default 10 s grace
 * never has to kill it.
 */
public final class RunStop {
  private static final Logger LOG = LoggerFactory.getLogger(RunStop.class);
  /**
   * Signal to exit: the flush ({@link GracefulStop#FLUSH_LIMIT}, 4 s), the session delete (3 s at most after a cut
   * flush) and the lease release (1 s), with a second to spare.
   */
  public static final Duration BUDGET = Duration.ofSeconds(9);

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch latch = new CountDownLatch(1);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Stops everything registered now, and everything that registers or asks later. Returns at once. */
  public void request() {
    if (!requested.compareAndSet(false, true)) {
      return;
    }
    latch.countDown();
    listeners.forEach(RunStop::quietly);
  }

  public boolean requested() {
    return requested.get();
  }

  /** Calls {@code onStop} on the stop, or at once when it was requested already. */
  public void register(Runnable onStop) {
    listeners.add(onStop);
    if (requested.get() && listeners.remove(onStop)) {
      quietly(onStop);
    }
  }

  public void unregister(Runnable onStop) {
    listeners.remove(onStop);
  }

  /**
   * Waits {@code d}, or less when the stop comes first.
   *
   * @return true when stopped
   */
  public boolean sleep(Duration d) {
    try {
      return latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * Starts the watchdog of a real process: {@code halt} is called with 130 if {@code finished} has not counted down
   * {@link #BUDGET} after the stop. Daemon: it never keeps the JVM alive.
   */
  public void watchdog(CountDownLatch finished, Runnable halt) {
    register(() -> {
      Thread t = new Thread(() -> {
        try {
          if (!finished.await(BUDGET.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.error("the stop did not finish within {} s: exiting now; the next start deletes a session left open "
                + "and the leases expire by themselves", BUDGET.toSeconds());
            halt.run();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "at-connector-stop-watchdog");
      t.setDaemon(true);
      t.start();
    });
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // one source's stop failing must not keep the others running
      LOG.warn("stopping a source failed: {}", e.toString());
    }
  }
}
