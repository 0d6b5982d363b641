package dev.atconnector.ingest.sink;

import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Documents and options for the sink tests. */
public final class BulkTestData {
  static final String INDEX = "activity-tracker-2018.07";
  static final String DEAD_LETTER_INDEX = "activity-tracker-dead-letter";
  static final String SESSION = "session-1";

  private BulkTestData() {}

  /** Document {@code n}; its source keeps odd spacing and an escape that re-serialisation would change. */
  public static Doc doc(long n) {
    String source = "{\"n\" : " + n + ",  \"text\":\"caf\\u00e9\"}";
    return new Doc("id-" + n, INDEX, utf8(source), new Position(SESSION, n), n);
  }

  /** Document {@code n} whose source is {@code size} bytes long. */
  static Doc docOfSize(long n, int size) {
    String head = "{\"n\":" + n + ",\"pad\":\"";
    String pad = "x".repeat(Math.max(0, size - head.length() - 2));
    return new Doc("id-" + n, INDEX, utf8(head + pad + "\"}"), new Position(SESSION, n), n);
  }

  static DeadLetter deadLetter(long n) {
    return new DeadLetter(new Position(SESSION, n), "decode", "not valid JSON at byte 5", "{\"n\": " + n + ", oops");
  }

  public static SinkOptions options(int maxDocs, int maxConcurrent, int maxRetries) {
    return new SinkOptions(maxDocs, 5L * 1024 * 1024, maxConcurrent, Duration.ofSeconds(1), DEAD_LETTER_INDEX,
        Duration.ofMillis(100), Duration.ofSeconds(2), maxRetries);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
