package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The CLI's stderr: as given in text mode; with {@code --log-format json} each line becomes one ECS JSON object
 * (the fields the logback {@code EcsEncoder} writes for log lines), so that a log shipper reading stderr gets only
 * JSON: error lines ({@code at-connector: ...}: {@code ERROR}, but a graceful stop's {@code INFO}), warnings
 * ({@code warning: ...}: {@code WARN}), usage errors and the other lines ({@code INFO}).
 */
final class StderrLines extends PrintWriter {
  private final Lines lines;

  private StderrLines(Lines lines) {
    super(lines, true);
    this.lines = lines;
  }

  /** {@code err} itself if it is one already (the CLI and its ingest runner share one), else a text-mode wrapper. */
  static StderrLines of(PrintWriter err) {
    return err instanceof StderrLines s ? s : new StderrLines(new Lines(err, Clock.systemUTC()));
  }

  static StderrLines of(PrintWriter err, Clock clock) {
    return new StderrLines(new Lines(err, clock));
  }

  /** Switches every following line to ECS JSON ({@code true}) or back to text. */
  StderrLines json(boolean on) {
    lines.json = on;
    return this;
  }

  boolean json() {
    return lines.json;
  }

  /** Turns complete lines into JSON; text of a line not ended yet waits for its end. */
  private static final class Lines extends Writer {
    private static final JsonMapper JSON = new JsonMapper();

    /** A graceful stop's report: it starts like an error line but is not one. */
    private static final Pattern STOPPED = Pattern.compile("at-connector: (source=\\S+ )?stopped");

    private final PrintWriter target;
    private final Clock clock;
    private final StringBuilder line = new StringBuilder();
    private volatile boolean json;

    Lines(PrintWriter target, Clock clock) {
      this.target = target;
      this.clock = clock;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      if (!json) {
        target.write(chars, off, len);
        return;
      }
      for (int i = off; i < off + len; i++) {
        if (chars[i] == '\n') {
          emit();
        } else {
          line.append(chars[i]);
        }
      }
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public synchronized void close() {
      if (line.length() > 0) {
        emit();
      }
      target.flush();
    }

    private void emit() {
      int end = line.length();
      while (end > 0 && line.charAt(end - 1) == '\r') {
        end--;
      }
      String text = line.substring(0, end);
      line.setLength(0);
      target.write(ecs(text, Instant.now(clock)));
      target.write('\n');
    }

    private static String ecs(String text, Instant at) {
      String level = STOPPED.matcher(text).lookingAt() ? "INFO" : text.startsWith("at-connector: ") ? "ERROR"
          : text.startsWith("warning: ") ? "WARN" : "INFO";
      StringWriter w = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(w)) {
        g.writeStartObject();
        g.writeStringField("@timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
        g.writeStringField("log.level", level);
        g.writeStringField("message", text);
        g.writeStringField("ecs.version", "1.2.0");
        g.writeStringField("service.name", "at-connector");
        g.writeStringField("event.dataset", "at-connector.log");
        g.writeStringField("log.logger", "at-connector.cli");
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
  }
}
