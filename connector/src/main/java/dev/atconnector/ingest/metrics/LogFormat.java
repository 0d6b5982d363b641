package dev.atconnector.ingest.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import co.elastic.logging.logback.EcsEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

  /** Puts this format in place for the whole process. Text is logback.xml's own and needs nothing. */
  public void apply() {
    if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    String version = LogFormat.class.getPackage().getImplementationVersion();
    for (ConsoleAppender<ILoggingEvent> console : consoles(context)) {
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
