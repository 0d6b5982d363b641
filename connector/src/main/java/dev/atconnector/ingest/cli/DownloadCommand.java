package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.metrics.LogFormat;
import dev.atconnector.ingest.source.AtClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code at-connector download [-o FILE] SESSION_ID}, like {@code ibmcloud at download}: the session's gzip body,
 * unchanged, to a file or to stdout (to pipe into {@code gunzip} or Logstash).
 *
 * <p>Each Netty buffer is written synchronously as it arrives, on the connection's thread: the next read from the
 * socket waits for the write, so a slow disk or pipe slows the download instead of filling memory. Nothing of the
 * body is buffered here.
 */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Download a session's events (gzip-compressed JSON) to FILE, or to stdout without -o.",
        "A progress line goes to stderr while it is a terminal. With -o the data goes to a temporary file renamed "
            + "to FILE once complete; a failed download leaves no FILE.",
        "Delete the session afterwards: `at-connector session delete SESSION_ID`."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:downloaded", "2:bad usage", "3:authentication failed", "4:Activity Tracker failed "
        + "(unknown session, download cut)", "5:the file or stdout could not be written"})
final class DownloadCommand extends AtCommand {
  /** A download has no overall deadline of its own; the read timeout catches a stalled one. */
  private static final Duration DOWNLOAD_LIMIT = Duration.ofDays(1);

  @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
      description = "write to FILE (replaced once complete) instead of stdout")
  Path file;

  @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto (default: while stderr is a terminal), always or never (AT_PROGRESS)")
  Progress progress;

  @Mixin OutputOptions output;

  @Parameters(paramLabel = "SESSION_ID", description = "the session's id, from `session create` or `session list`")
  String sessionId;

  enum Progress { AUTO, ALWAYS, NEVER }

  @Override
  int run() throws IOException {
    AtClient client = client();
    PrintWriter err = spec.commandLine().getErr();
    // the progress line redraws itself with \r: it has no place among --log-format json's one object per line
    boolean show = LogOptions.parse(log.logFormat) == LogFormat.TEXT && (progress == Progress.ALWAYS
        || progress == Progress.AUTO && Cli.stderrIsTerminal(spec));
    ProgressReporter reporter = new ProgressReporter(err, show, System::nanoTime);
    try (DownloadTarget target = file == null ? DownloadTarget.stdout(Cli.stdout(spec)) : DownloadTarget.file(file)) {
      try {
        download(client, target, reporter);
      } catch (RuntimeException e) {
        reporter.finish(); // end the progress line before the error message
        throw e;
      }
      target.commit();
      reporter.finish();
      if (output.format == OutputFormat.JSON && file != null) {
        // without -o stdout is the download itself: nothing else goes there
        new Printer(out(), OutputFormat.JSON).json(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
            .put("session", sessionId).put("bytes", reporter.bytes()).put("file", file.toString()));
      } else if (show || file != null) {
        err.println("Download completed successfully: " + ProgressBar.size(reporter.bytes()) + " ("
            + reporter.bytes() + " bytes) to " + target.describe());
        err.flush();
      }
    }
    return ExitCodes.OK;
  }

  private void download(AtClient client, DownloadTarget target, ProgressReporter reporter) {
    OutputStream sink = target.stream();
    // events are counted only for the progress line: decoding costs CPU nobody needs when it is not shown
    try (EventCounter counter = reporter.enabled() ? new EventCounter(sessionId) : null) {
      client.downloadSized(sessionId, (length, body) -> {
        reporter.start(length);
        return body.map(buf -> {
          int n = buf.readableBytes();
          if (counter != null) {
            reporter.events(counter.feed(buf.nioBuffer()));
          }
          try {
            buf.readBytes(sink, n);
          } catch (IOException e) {
            throw new UncheckedIOException("writing the download to " + target.describe() + " failed", e);
          }
          reporter.add(n);
          return n;
        });
      }).then().block(DOWNLOAD_LIMIT);
    }
  }
}
