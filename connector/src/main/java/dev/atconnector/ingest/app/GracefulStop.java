package dev.atconnector.ingest.app;

import dev.atconnector.ingest.pipeline.IngestJob;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The graceful stop of a run (issue 6): stop taking records (the job ends the current download early), let the
 * sink flush what it holds, record the window as unfinished (or finished, if it was), delete the session, and
 * let the CLI exit 0. The flush is bounded by {@link #FLUSH_LIMIT}; past it the run is cancelled, which still
 * deletes the session (the checkpoint keeps its id until the next start clears it), so the whole stop, lease
 * release included, stays within {@link RunStop#BUDGET} (9 s: inside a container runtime's default 10 s grace).
 * A flush cut short costs only a re-read of the window: what it stored is taken back or met as duplicates.
 */
public final class GracefulStop {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
  static final Duration FLUSH_LIMIT = Duration.ofSeconds(4);
  private static final Duration DELETE_LIMIT = Duration.ofSeconds(3);

  private final IngestJob job;
  private final Disposable run;
  private final CountDownLatch done;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean cutShort = new AtomicBoolean();

  public GracefulStop(IngestJob job, Disposable run, CountDownLatch done) {
    this.job = job;
    this.run = run;
    this.done = done;
  }

  /** Starts the stop and returns at once (it runs on a signal handler's thread). */
  public void request() {
    if (done.getCount() == 0 || !requested.compareAndSet(false, true)) {
      return;
    }
    LOG.warn("stopping: ending the current download and flushing what was read (at most {} s)",
        FLUSH_LIMIT.toSeconds());
    job.stop();
    Mono.delay(FLUSH_LIMIT, Schedulers.boundedElastic()).subscribe(t -> {
      if (done.getCount() > 0) {
        LOG.warn("the flush did not end within {} s: cancelling; the current window stays unfinished",
            FLUSH_LIMIT.toSeconds());
        cutShort.set(true);
        cancel();
      }
    });
  }

  /** Cancels the run now and waits (bounded) for its session's delete; then the run counts as done. */
  public void cancel() {
    run.dispose();
    try {
      if (!job.sessions().awaitClosed(DELETE_LIMIT)) {
        LOG.error("sessions still open after {} s: {} (the next run deletes them)", DELETE_LIMIT.toSeconds(),
            job.sessions().open());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    done.countDown();
  }

  public boolean requested() {
    return requested.get();
  }

  public boolean cutShort() {
    return cutShort.get();
  }
}
