package dev.atconnector.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml's text lines say when, as an ISO-8601 UTC timestamp (a time of day alone does not). */
class TextLogDateTest {
  @Test
  void textLinesStartWithAnIsoUtcTimestamp() throws IOException {
    String xml;
    try (InputStream in = TextLogDateTest.class.getResourceAsStream("/logback.xml")) {
      assertThat(in).as("the shipped logback.xml on the classpath").isNotNull();
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("<pattern>(.*?)</pattern>").matcher(xml);
    assertThat(m.find()).as(xml).isTrue();
    LoggerContext context = new LoggerContext();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(m.group(1));
    layout.start();
    LoggingEvent event = new LoggingEvent(TextLogDateTest.class.getName(), context.getLogger("x.Checker"),
        Level.INFO, "hello", null, null);
    event.setInstant(Instant.parse("2026-01-02T03:04:05.678Z"));

    assertThat(layout.doLayout(event)).startsWith("2026-01-02T03:04:05.678Z INFO  Checker - hello");
  }
}
