package dev.atconnector.ingest.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Runs the CLI in-process and keeps everything it wrote: stdout text and bytes, stderr, and the log lines. */
public final class CliCapture implements AutoCloseable {
  private final Map<String, String> env;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<Result> results = new ArrayList<>();
  private boolean terminal;

  public CliCapture(Map<String, String> env) {
    this.env = new HashMap<>(env);
    logs.start();
    root().addAppender(logs);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Pretends stderr is (or is not) a terminal for the next runs. */
  public CliCapture terminal(boolean isTerminal) {
    this.terminal = isTerminal;
    return this;
  }

  public CliCapture env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = CliAccess.run(args, env, new PrintWriter(out), new PrintWriter(err), bytes, terminal);
    Result r = new Result(code, out.toString(), err.toString(), bytes.toByteArray());
    results.add(r);
    return r;
  }

  /** Every run's stdout and stderr, and every log line with its arguments, as one text. */
  public String everything() {
    StringBuilder b = new StringBuilder();
    for (Result r : results) {
      b.append(r.out()).append('\n').append(r.err()).append('\n')
          .append(new String(r.bytes(), StandardCharsets.ISO_8859_1)).append('\n');
    }
    synchronized (logs) {
      for (ILoggingEvent e : List.copyOf(logs.list)) {
        b.append(e.getFormattedMessage()).append('\n');
        if (e.getThrowableProxy() != null) {
          b.append(e.getThrowableProxy().getMessage()).append('\n');
        }
      }
    }
    return b.toString();
  }

  public int logLines() {
    return logs.list.size();
  }

  @Override
  public void close() {
    root().detachAppender(logs);
    logs.stop();
  }

  /** One run: exit code, stdout text, stderr text, and the binary stdout. */
  public record Result(int code, String out, String err, byte[] bytes) {
    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err + "\nbinary stdout: " + bytes.length
          + " bytes";
    }

    /** The error is exactly one line (plus its newline). */
    public boolean oneLineError() {
      return err.strip().lines().count() == 1;
    }
  }
}
