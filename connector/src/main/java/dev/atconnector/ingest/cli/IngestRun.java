package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.app.IngestApp;
import dev.atconnector.ingest.app.RunOutcome;
import dev.atconnector.ingest.app.RunStop;
import dev.atconnector.ingest.app.SourceResult;
import dev.atconnector.ingest.app.SourceRun;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.metrics.RunMetrics;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI side of an ingest run: installs the signal handling ({@link StopSignals}), runs the {@link IngestApp},
 * prints each source's summary line as it ends (and the sources line under --config), and maps the
 * {@link RunOutcome} to the exit code ({@link ExitCodes}).
 */
final class IngestRun implements IngestCommand.Runner {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRun.class);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean installShutdownHook;
  private final MeterRegistry meters;
  /** How the summary is printed (text lines unless {@code --output json}). */
  private volatile SummaryView view;

  private final RunMetrics.Hook metricsHook;

  IngestRun(PrintWriter out, PrintWriter err, boolean installShutdownHook, MeterRegistry meters) {
    this(out, err, installShutdownHook, meters, RunMetrics.Hook.NONE);
  }

  /** @param metricsHook sees the metrics server before it stops (tests read the endpoints there) */
  IngestRun(PrintWriter out, PrintWriter err, boolean installShutdownHook, MeterRegistry meters,
      RunMetrics.Hook metricsHook) {
    this.out = out;
    this.err = err;
    this.installShutdownHook = installShutdownHook;
    this.meters = meters;
    this.metricsHook = metricsHook;
    this.view = SummaryView.text(out);
  }

  IngestRun(PrintWriter out, PrintWriter err) {
    this(out, err, true, new SimpleMeterRegistry());
  }

  /** A source without --config: one-shot (exit 6 when leased), or followed as a sources file of one. */
  @Override
  public int run(IngestConfig config) {
    return run(IngestApp.Request.single(config, false));
  }

  @Override
  public void view(SummaryView view) {
    this.view = view;
  }

  @Override
  public int runDiscarding(IngestConfig config) {
    return run(IngestApp.Request.single(config, true));
  }

  /**
   * Every source of a sources file: each as {@link #run(IngestConfig)} would (its own summary line, labelled
   * {@code source=NAME}), then one line for all. A source another process holds is reported, not failed; the exit
   * code is the first failing source's, else 7 when a source recorded failed windows.
   */
  @Override
  public int runSources(RunSettings run, List<SourceRun> sources, SourceScheduler scheduler, boolean discard) {
    if (sources.isEmpty()) {
      return ExitCodes.OK;
    }
    return run(new IngestApp.Request(run, sources, scheduler, false, discard));
  }

  private int run(IngestApp.Request request) {
    boolean single = request.single();
    boolean follow = request.run().checkpoint().follow();
    IngestApp app = new IngestApp(meters, metricsHook, r -> print(r, single || r.name().isEmpty() ? ""
        : "source=" + r.name() + " "));
    return withStop(stop -> {
      RunOutcome outcome = app.run(request, stop);
      if (follow) {
        if (!single) {
          outcome.follow().ifPresent(t -> {
            view.sources(t.inFile() + " in the file, " + t.claimed() + " claimed (" + t.takenOver()
                + " taken over), " + t.handedOver() + " handed over, " + t.failed() + " failed",
                Map.of("in_file", (long) t.inFile(), "claimed", (long) t.claimed(), "taken_over",
                    (long) t.takenOver(), "handed_over", (long) t.handedOver(), "failed", (long) t.failed()));
          });
        }
        return outcome.firstFailure().map(r -> code(r, true)).orElse(ExitCodes.OK);
      }
      return single ? code(outcome.sources().get(0), false) : sourcesLine(outcome.sources());
    });
  }

  /** One stop for the whole CLI run ({@link StopSignals#around}). */
  private int withStop(ToIntFunction<RunStop> body) {
    return StopSignals.around(installShutdownHook, () -> {
      out.flush();
      err.flush();
    }, body);
  }

  /** The exit code of one source's result. */
  static int code(SourceResult r, boolean follow) {
    return switch (r.how()) {
      case STOPPED, NOT_STARTED -> ExitCodes.OK;
      // a follow process reports failed windows through /health/ready and at.windows.failed: its stop is not an
      // outcome
      case DONE, HANDED_OVER -> r.failedWindows().isEmpty() || follow ? ExitCodes.OK : ExitCodes.WINDOWS_FAILED;
      case HELD, LOST, FAILED -> r.failure().map(IngestRun::failureCode).orElse(ExitCodes.INTERNAL);
    };
  }

  private static int failureCode(Throwable f) {
    return f instanceof InterruptedException ? ExitCodes.INTERRUPTED : Failures.classify(f).exitCode();
  }

  /** The line after every source of a sources file ended, and the run's exit code. */
  int sourcesLine(List<SourceResult> results) {
    int code = ExitCodes.OK;
    long ok = 0;
    long held = 0;
    long failed = 0;
    long notStarted = 0;
    long partial = 0;
    for (SourceResult r : results) {
      int c = code(r, false);
      switch (r.how()) {
        case HELD, LOST -> held++;
        case NOT_STARTED -> notStarted++;
        case FAILED -> {
          failed++;
          code = code == ExitCodes.OK || code == ExitCodes.WINDOWS_FAILED ? c : code;
        }
        default -> {
          ok++;
          if (c == ExitCodes.WINDOWS_FAILED) {
            partial++;
            code = code == ExitCodes.OK ? ExitCodes.WINDOWS_FAILED : code;
          }
        }
      }
    }
    view.sources(results.size() + " run, " + ok + " ok, "
        + (partial > 0 ? partial + " with failed windows, " : "")
        + (held > 0 ? held + " held by another process, " : "")
        + (notStarted > 0 ? notStarted + " not started (stopped), " : "") + failed + " failed",
        Map.of("run", (long) results.size(), "ok", ok, "with_failed_windows", partial, "held", held,
            "not_started", notStarted, "failed", failed));
    return code;
  }

  /** Prints what a source's end means: its summary line on stdout, and on stderr why it failed or stopped. */
  private void print(SourceResult r, String label) {
    if (r.how() == SourceResult.How.NOT_STARTED
        || r.failure().filter(f -> f instanceof InterruptedException).isPresent()) {
      return;
    }
    if (r.failure().isPresent()) {
      report(r.failure().get(), r, label);
      return;
    }
    if (r.how() == SourceResult.How.STOPPED) {
      printSummary(r, "stopped", label);
      err.println("at-connector: " + label + "stopped" + (r.cutShort() ? " (flush cut short: the current window "
          + "is read again next time)" : "") + "; the checkpoint is at the last finished window and no session is "
          + "left open");
      err.flush();
      return;
    }
    List<?> failedWindows = r.failedWindows();
    printSummary(r, r.how() == SourceResult.How.HANDED_OVER ? "handed-over"
        : failedWindows.isEmpty() ? "ok" : "partial", label);
    if (!failedWindows.isEmpty()) {
      err.println("at-connector: " + label + failedWindows.size() + " window(s) failed on every attempt and were "
          + "recorded as failed in the checkpoint (its done-through day stays before them): " + failedWindows
          + "; `at-connector checkpoints` shows why; read them again with `ingest --retry-failed`");
      err.flush();
    }
  }

  private void report(Throwable e, SourceResult r, String label) {
    Failures.Failure f = Failures.classify(e);
    LOG.debug("failure detail", e);
    err.println("at-connector: " + label + f.message());
    err.flush();
    printSummary(r, f.status(), label);
  }

  private void printSummary(SourceResult r, String status, String label) {
    view.source(status, label, r.summary(), r.failedWindows());
  }
}
