package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.source.SessionRequest;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code ingest} prints on stdout. Text (the default): one line per source as it ends,
 * {@code at-connector ingest ok: [source=NAME ]read=... failed_windows=N}, and under {@code --config} a last
 * {@code at-connector ingest sources: ...} line; these lines are grepped by scripts and stay as they are. With
 * {@code --output json}: one JSON object per line, {@code "type":"source"} for each source as it ends and a last
 * {@code "type":"total"} summing them (the shape is in the README).
 */
final class SummaryView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final boolean json;
  private final LongSupplier nanoTime;
  private final long t0;
  private final long[] sums = new long[7];
  private final Totals totals = new Totals();

  /** What the sources' lines add up to, and the --config run's counts of sources. */
  private static final class Totals {
    long sourceLines;
    long failedWindows;
    String outcome = "ok";
    Map<String, Long> sourceCounts = Map.of();
    String sourcesText;
  }

  SummaryView(PrintWriter out, OutputFormat format, LongSupplier nanoTime) {
    this.out = out;
    this.json = format == OutputFormat.JSON;
    this.nanoTime = nanoTime;
    this.t0 = nanoTime.getAsLong();
  }

  SummaryView(PrintWriter out, OutputFormat format) {
    this(out, format, System::nanoTime);
  }

  /** The text lines, for a runner nobody gave a view. */
  static SummaryView text(PrintWriter out) {
    return new SummaryView(out, OutputFormat.TABLE);
  }

  /**
   * One source's end.
   *
   * @param outcome ok, partial, stopped, handed-over, or the failure's status (auth-failure, sink-failure...)
   * @param label {@code source=NAME } under {@code --config}, else empty
   */
  synchronized void source(String outcome, String label, IngestSummary s, List<SessionRequest> failedWindows) {
    int failed = failedWindows.size();
    if (!json) {
      out.println("at-connector ingest " + outcome + ": " + label + s.line() + (failed > 0 ? " failed_windows="
          + failed : ""));
      out.flush();
      return;
    }
    String name = label.isBlank() ? "cli" : label.strip().substring("source=".length());
    ObjectNode n = JSON.createObjectNode().put("type", "source").put("source", name).put("outcome", outcome);
    counts(n, s.read(), s.indexed(), s.duplicates(), s.deadLettered(), s.retracted(), s.bytes(), s.sessions(),
        s.seconds(), failed);
    n.putArray("failed_window_ranges").addAll(failedWindows.stream()
        .map(w -> JSON.getNodeFactory().textNode(w.start() + ".." + w.end())).toList());
    long[] add = {s.read(), s.indexed(), s.duplicates(), s.deadLettered(), s.retracted(), s.bytes(), s.sessions()};
    for (int i = 0; i < sums.length; i++) {
      sums[i] += add[i];
    }
    totals.sourceLines++;
    totals.failedWindows += failed;
    if (!"ok".equals(outcome) && "ok".equals(totals.outcome)) {
      totals.outcome = outcome;
    }
    print(n);
  }

  /**
   * The end of a {@code --config} run: in text its {@code sources:} line; in JSON the counts go to the total.
   *
   * @param text what follows {@code at-connector ingest sources: }
   * @param counts the same by name (run, ok, held...), empty when the text is all there is
   */
  synchronized void sources(String text, Map<String, Long> counts) {
    if (!json) {
      out.println("at-connector ingest sources: " + text);
      out.flush();
      return;
    }
    totals.sourceCounts = counts;
    totals.sourcesText = text;
  }

  /** The whole run's end: in JSON the total object (nothing in text: the lines above say it all). */
  synchronized void total(int exitCode) {
    if (!json) {
      return;
    }
    double seconds = (nanoTime.getAsLong() - t0) / 1e9;
    String outcome = exitCode == ExitCodes.OK ? totals.outcome
        : exitCode == ExitCodes.WINDOWS_FAILED ? "partial" : exitCode == ExitCodes.LEASED ? "leased" : "failed";
    ObjectNode n = JSON.createObjectNode().put("type", "total").put("outcome", outcome).put("exit_code", exitCode);
    counts(n, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], seconds, totals.failedWindows);
    n.put("source_summaries", totals.sourceLines);
    if (!totals.sourceCounts.isEmpty()) {
      ObjectNode c = n.putObject("sources");
      totals.sourceCounts.forEach(c::put);
    } else if (totals.sourcesText != null) {
      n.put("sources_text", totals.sourcesText);
    }
    print(n);
  }

  private static void counts(ObjectNode n, long read, long indexed, long duplicates, long deadLettered,
      long retracted, long bytes, long sessions, double seconds, long failedWindows) {
    n.put("read", read).put("indexed", indexed).put("duplicates", duplicates).put("dead_lettered", deadLettered)
        .put("retracted", retracted).put("bytes", bytes).put("sessions", sessions)
        // as the text line rounds them: seconds to 0.1, events per second to a whole number
        .put("seconds", Double.parseDouble(String.format(Locale.ROOT, "%.1f", seconds)))
        .put("events_per_s", seconds <= 0 ? 0 : Math.round(read / seconds))
        .put("failed_windows", failedWindows);
  }

  private void print(ObjectNode n) {
    try {
      out.println(JSON.writeValueAsString(n));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
