package dev.atconnector.sim.events;

import java.util.concurrent.LinkedBlockingQueue;
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

  void submit(Runnable block) {
    executor.execute(block);
  }

  /** Tasks waiting in the queue (not started). */
  int queued() {
    return executor.getQueue().size();
  }

  /** Drops a block that was submitted but not started (a closed download); a no-op if a thread already took it. */
  void withdraw(Runnable block) {
    executor.remove(block);
  }
}
