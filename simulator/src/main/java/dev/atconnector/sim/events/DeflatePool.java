package dev.atconnector.sim.events;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that compress download blocks in parallel ({@link ParallelGzip}), shared by every download of one
 * {@link EventCatalog}: daemon threads named {@code at-sim-deflate-N}, as many as processors, started on demand and
 * ended after 30 s without work, so an idle catalog holds no thread and needs no shutdown. The queue is unbounded but
 * holds at most a few blocks per running download ({@link ParallelGzip} bounds its blocks in flight), and a download
 * compresses its own queued blocks when the pool is behind, so a busy pool slows downloads down but never stalls them.
 */
final class DeflatePool {
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final ThreadPoolExecutor executor;

  DeflatePool(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("deflate threads must be >= 1, was " + threads);
    }
    ThreadFactory factory = task -> {
      Thread thread = new Thread(task, "at-sim-deflate-" + THREAD_NUMBERS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    executor.allowCoreThreadTimeOut(true);
  }

  int threads() {
    return executor.getMaximumPoolSize();
  }

  /** Queues a block; after {@link #shutdown} the block is left to its download, which compresses it itself. */
  void submit(Runnable block) {
    try {
      executor.execute(block);
    } catch (RejectedExecutionException e) {
      // shut down: nothing to do, the block's download compresses it on its own thread
    }
  }

  /** Threads alive in the pool. */
  int liveThreads() {
    return executor.getPoolSize();
  }

  /** Tasks waiting in the queue (not started). */
  int queued() {
    return executor.getQueue().size();
  }

  /**
   * Ends the threads, waiting for them (blocks take milliseconds). Queued blocks are dropped: a download still running
   * compresses its own blocks on its own thread, so it cannot hang on them.
   */
  void shutdown(long timeoutMillis) {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("deflate threads did not end within " + timeoutMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the deflate threads to end", e);
    }
  }

  /** Drops a block that was submitted but not started (a closed download); a no-op if a thread already took it. */
  void withdraw(Runnable block) {
    executor.remove(block);
  }
}
