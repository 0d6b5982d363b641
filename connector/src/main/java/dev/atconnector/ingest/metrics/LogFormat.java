package dev.atconnector.ingest.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import co.elastic.logging.logback.EcsEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * How log lines look on stderr: {@code text} (logback.xml's pattern, for people) or {@code json}, one ECS document
 * per line ({@code @timestamp}, {@code log.level}, {@code message}, {@code service.name}, {@code log.logger},
 * {@code error.*}) for a log shipper. Chosen after the command line is parsed, so JSON swaps the console encoder of
 * the running configuration instead of needing a second logback file.
 */
public enum LogFormat {
  TEXT, JSON;

  static final String SERVICE = "at-connector";

  /** Each console's own (logback.xml's) encoder while JSON replaces it, so that text can come back. */
  private static final Map<ConsoleAppender<ILoggingEvent>, Encoder<ILoggingEvent>> TEXT_ENCODERS =
      new ConcurrentHashMap<>();

  /**
   * Puts this format in place for the whole process. Text is logback.xml's own: it needs nothing, unless an earlier
   * command line of the same process (tests run the CLI in-process) chose JSON.
   */
  public void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    if (this == TEXT) {
      TEXT_ENCODERS.forEach((console, encoder) -> {
        console.stop();
        console.setEncoder(encoder);
        console.start();
      });
      TEXT_ENCODERS.clear();
      return;
    }
    String version = LogFormat.class.getPackage().getImplementationVersion();
    for (ConsoleAppender<ILoggingEvent> console : consoles(context)) {
      if (console.getEncoder() instanceof EcsEncoder) {
        continue;
      }
      TEXT_ENCODERS.putIfAbsent(console, console.getEncoder());
      EcsEncoder ecs = new EcsEncoder();
      ecs.setContext(context);
      ecs.setServiceName(SERVICE);
      ecs.setServiceVersion(version == null ? "dev" : version);
      ecs.setEventDataset(SERVICE + ".log");
      ecs.start();
      // stop, swap, start: the appender writes nothing while its encoder changes
      console.stop();
      console.setEncoder(ecs);
      console.start();
    }
  }

  private static List<ConsoleAppender<ILoggingEvent>> consoles(LoggerContext context) {
    List<ConsoleAppender<ILoggingEvent>> found = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && !found.contains(console)) {
          found.add(console);
        }
      }
    }
    return found;
  }
}
