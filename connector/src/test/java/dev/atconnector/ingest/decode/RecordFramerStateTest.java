package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.decode.RecordFramer.State;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Walks {@link RecordFramer}'s states (issue 17.5): one step per transition that matters, each checked by the state
 * it leaves the framer in and by what it hands the listener. Records are fed a piece at a time, as a download's
 * slices arrive.
 */
class RecordFramerStateTest {
  private static final String T = "\"eventTime\":\"2018-07-16T15:00+0000\"";

  private final List<String> out = new ArrayList<>();
  private RecordFramer framer;

  private RecordFramer framer(DecodeLimits limits) {
    Transcoder transcoder = new Normalizer("at-", false, Bodies.CLOCK).transcoder(limits);
    framer = new RecordFramer(limits, transcoder, new RecordFramer.Listener() {
      @Override
      public void record(long number, byte[] buf, int from, int to) {
        transcoder.finish(new Position("s-1", number), buf, from, to);
        out.add("record " + number + " " + new String(buf, from, to - from, StandardCharsets.UTF_8));
      }

      @Override
      public void malformed(long number, String reason, String originalText) {
        out.add("dead " + number + " " + originalText);
      }
    });
    return framer;
  }

  private State feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, framer.spaceFor(bytes.length), framer.end(), bytes.length);
    framer.commit(bytes.length);
    return framer.state();
  }

  private String last() {
    return out.get(out.size() - 1);
  }

  private static String rec(int i) {
    return "{\"id\":\"c-" + i + "\"," + T + "}";
  }

  @Test
  void aRecordOnItsLineGoesFromNoParserThroughBetweenAndInRecordBackToBetween() {
    framer(DecodeLimits.DEFAULTS);
    assertThat(framer.state()).isEqualTo(State.NO_PARSER);
    assertThat(feed("  \n ")).as("whitespace alone starts nothing").isEqualTo(State.NO_PARSER);
    assertThat(feed("{\"id\":\"c-1\",")).as("a record's first tokens").isEqualTo(State.IN_RECORD);
    assertThat(out).isEmpty();
    assertThat(feed(T + "}")).as("the record completed").isEqualTo(State.BETWEEN);
    assertThat(out).containsExactly("record 1 " + rec(1));
    assertThat(feed("\n")).isEqualTo(State.BETWEEN);
    framer.finish(0);
    assertThat(framer.state()).isEqualTo(State.NO_PARSER);
  }

  @Test
  void aRecordStillOpenAtItsLineEndIsCutThereAndFramingStartsAgainOnTheNextLine() {
    framer(DecodeLimits.DEFAULTS);
    feed(rec(1) + "\n");
    assertThat(feed("{\"id\":\"c-2\",\"eventTime\":")).isEqualTo(State.IN_RECORD);
    assertThat(feed("\n")).as("cut at its line end: no parser until the next line").isEqualTo(State.NO_PARSER);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 {\"id\":\"c-2\",\"eventTime\":");
    assertThat(feed(rec(3) + "\n")).isEqualTo(State.BETWEEN);
    assertThat(last()).isEqualTo("record 3 " + rec(3));
  }

  @Test
  void aSyntaxErrorInARecordWaitsForItsLineEndAndDeadLettersTheLineWhenNoRecordStartsOnIt() {
    framer(DecodeLimits.DEFAULTS);
    feed(rec(1) + "\n");
    assertThat(feed("{\"id\":\"c-2\" \"m\":1")).as("waiting for the bad line's end").isEqualTo(State.SEEKING);
    assertThat(feed(" more")).isEqualTo(State.SEEKING);
    assertThat(out).hasSize(1);
    assertThat(feed("\n")).isEqualTo(State.NO_PARSER);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 {\"id\":\"c-2\" \"m\":1 more");
    assertThat(feed(rec(3) + "\n")).isEqualTo(State.BETWEEN);
    assertThat(last()).isEqualTo("record 3 " + rec(3));
  }

  @Test
  void aRecordCutIntoTheNextOnItsLineIsDeadLetteredUpToItAndFramingGoesOnThere() {
    framer(DecodeLimits.DEFAULTS);
    feed(rec(1) + "\n");
    assertThat(feed("{\"id\":\"c-2\"," + rec(3))).as("'{' where a name should be").isEqualTo(State.SEEKING);
    assertThat(feed(" " + rec(4))).isEqualTo(State.SEEKING);
    assertThat(feed("\n")).as("resumed at record 3, on the same line").isEqualTo(State.BETWEEN);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 {\"id\":\"c-2\",", "record 3 " + rec(3),
        "record 4 " + rec(4));
  }

  @Test
  void aBadLineOutgrowingMaxRecordBytesWhileSoughtIsSkipped() {
    framer(new DecodeLimits(64, 1000, 20, 1000));
    feed(rec(1) + "\n");
    assertThat(feed("{\"id\" 2 ")).isEqualTo(State.SEEKING);
    assertThat(feed("x".repeat(80))).as("too long to hold until its end").isEqualTo(State.SKIPPING);
    assertThat(feed("\n" + rec(3) + "\n")).isEqualTo(State.BETWEEN);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 {\"id\" 2 " + "x".repeat(80), "record 3 " + rec(3));
  }

  @Test
  void aSyntaxErrorBetweenRecordsSkipsToItsLineEnd() {
    framer(DecodeLimits.DEFAULTS);
    assertThat(feed(rec(1) + " ]junk")).as("']' outside an array").isEqualTo(State.SKIPPING);
    assertThat(feed("\n" + rec(3) + "\n")).isEqualTo(State.BETWEEN);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 ]junk", "record 3 " + rec(3));
  }

  @Test
  void aRecordGrowingPastMaxRecordBytesIsSkipped() {
    framer(new DecodeLimits(64, 1000, 20, 1000));
    feed(rec(1) + "\n");
    assertThat(feed("{\"id\":\"c-2\",\"pad\":\"")).isEqualTo(State.IN_RECORD);
    assertThat(feed("x".repeat(80))).as("over the limit before it ends").isEqualTo(State.SKIPPING);
    assertThat(feed("\"}\n" + rec(3) + "\n")).isEqualTo(State.BETWEEN);
    assertThat(out).hasSize(3);
    assertThat(last()).isEqualTo("record 3 " + rec(3));
    assertThat(out.get(1)).startsWith("dead 2 {\"id\":\"c-2\",\"pad\":\"xxx");
  }

  @Test
  void aPrettyPrintedRecordStaysInRecordAcrossItsLines() {
    framer(DecodeLimits.DEFAULTS);
    feed("{\n  \"id\": \"p-1\",\n  " + T + "\n}\n");
    assertThat(out).hasSize(1);
    assertThat(feed("{\n  \"id\": \"p-2\",\n")).as("records span lines: a newline does not cut").isEqualTo(
        State.IN_RECORD);
    assertThat(feed("  " + T + "\n}\n")).isEqualTo(State.BETWEEN);
    assertThat(out).hasSize(2);
    assertThat(last()).startsWith("record 2 {\n  \"id\": \"p-2\"");
  }

  @Test
  void theBodyEndingInsideARecordIsATruncatedDownloadAndLeavesNoParser() {
    framer(DecodeLimits.DEFAULTS);
    feed(rec(1) + "\n{\"id\":");
    assertThat(framer.state()).isEqualTo(State.IN_RECORD);
    assertThatThrownBy(() -> framer.finish(123)).isInstanceOf(DecodeException.class)
        .hasMessageContaining("the JSON ended inside record 2 (line 2)");
    assertThat(framer.state()).isEqualTo(State.NO_PARSER);
  }

  @Test
  void theBodyEndingInsideABadLineEndsIt() {
    framer(DecodeLimits.DEFAULTS);
    assertThat(feed(rec(1) + "\n{\"id\" 1")).isEqualTo(State.SEEKING);
    framer.finish(0);
    assertThat(framer.state()).isEqualTo(State.NO_PARSER);
    assertThat(out).containsExactly("record 1 " + rec(1), "dead 2 {\"id\" 1");
  }

  @Test
  void onlyTheTransitionsOfTheTableAreAllowed() {
    assertThat(State.NO_PARSER.canGo(State.BETWEEN)).isTrue();
    assertThat(State.NO_PARSER.canGo(State.IN_RECORD)).as("a record starts only under a parser").isFalse();
    assertThat(State.SKIPPING.canGo(State.BETWEEN)).as("a skip always ends with a fresh parser").isFalse();
    assertThat(State.SEEKING.canGo(State.BETWEEN)).isFalse();
    assertThat(State.BETWEEN.canGo(State.SEEKING)).as("only a record that started is sought past").isFalse();
    assertThat(State.BETWEEN.canGo(State.NO_PARSER)).as("no cut outside a record").isFalse();
    assertThat(State.IN_RECORD.canGo(State.IN_RECORD)).isFalse();
  }
}
