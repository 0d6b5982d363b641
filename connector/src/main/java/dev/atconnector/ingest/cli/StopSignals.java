package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.app.RunStop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process side of a {@link RunStop}: SIGTERM/SIGINT (or a shutdown hook) request it, and a watchdog halts the
 * process if the stop overruns {@link RunStop#BUDGET}.
 */
final class StopSignals {
  private StopSignals() {}

  /**
   * Runs {@code body} under one stop for the whole CLI run, installed once: SIGTERM/SIGINT reach every source
   * whatever it is doing, also those that start (or wait) afterwards. In a real process ({@code signals}) the
   * signal handlers are installed (a second signal halts with 130, see {@link SignalTrap}), or a shutdown hook where
   * the JVM has none, and a watchdog ends the process if the stop overruns {@link RunStop#BUDGET}.
   *
   * @param flush flushes the CLI's output before a halt
   */
  static int around(boolean signals, Runnable flush, java.util.function.ToIntFunction<RunStop> body) {
    RunStop stop = new RunStop();
    CountDownLatch finished = new CountDownLatch(1);
    Runnable onSignal = stop::request;
    Thread hook = null;
    if (signals) {
      if (!SignalTrap.install(onSignal)) {
        hook = shutdownHook(stop, finished, flush);
      }
      stop.watchdog(finished, () -> {
        flush.run();
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
      });
    }
    try {
      return body.applyAsInt(stop);
    } finally {
      finished.countDown();
      SignalTrap.remove(onSignal);
      removeHook(hook);
    }
  }

  /**
   * Without signal handling (an unusual JVM) a shutdown hook stops gracefully instead, and then halts with 0 once
   * the run ended (a hook cannot see a second signal).
   */
  private static Thread shutdownHook(RunStop stop, CountDownLatch finished, Runnable flush) {
    Thread hook = new Thread(() -> {
      stop.request();
      try {
        finished.await(RunStop.BUDGET.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      flush.run();
      Runtime.getRuntime().halt(finished.getCount() == 0 ? ExitCodes.OK : ExitCodes.INTERRUPTED);
    }, "at-connector-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static void removeHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // a signal arrived as the run finished: the hook sees the run done and exits with its code
    }
  }

}
