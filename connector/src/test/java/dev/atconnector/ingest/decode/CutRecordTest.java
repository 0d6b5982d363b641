package dev.atconnector.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.EventCatalog;
import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import dev.atconnector.sim.events.Scope;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records cut short on their line (a service truncating an oversized event), issue 15: in every framing and record
 * shape, cut at every kind of point, followed by a newline, by the record's usual separator, or running straight into
 * the next record on the same line, and fed in several chunkings, a cut costs exactly one dead letter whose text is
 * the cut record's text (up to where the next record starts on its line, else to the line's end), and every other
 * record decodes to its own document. Expectations are computed from the intact records (their ids as each decodes
 * alone), never written out.
 */
class CutRecordTest {
  private static final LocalDate DAY = LocalDate.of(2019, 6, 1);
  private static final int RECORDS = 9;
  /** Records of each shape, as the simulator writes them, and the id each decodes to alone. */
  private static final Map<RecordShape, List<String>> RECORDS_OF = new TreeMap<>();
  private static final Map<String, String> ID_OF = new java.util.HashMap<>();

  enum Cut {
    INSIDE_A_KEY {
      @Override
      int at(String r) {
        return r.indexOf(",\"", 10) + 3;
      }
    },
    INSIDE_A_STRING {
      @Override
      int at(String r) {
        int i = r.indexOf("\":\"", 10);
        while (r.charAt(i + 3) == '"' || r.charAt(i + 4) == '"' || r.charAt(i + 3) == '\\') {
          i = r.indexOf("\":\"", i + 1);
        }
        return i + 4;
      }
    },
    AFTER_A_COLON {
      @Override
      int at(String r) {
        return r.indexOf("\":", 10) + 2;
      }
    },
    AFTER_A_COMMA {
      @Override
      int at(String r) {
        return r.indexOf(",\"", 10) + 1;
      }
    },
    BETWEEN_NESTED_OBJECTS {
      @Override
      int at(String r) {
        return r.indexOf("},") + 1;
      }
    },
    BEFORE_THE_CLOSING_BRACE {
      @Override
      int at(String r) {
        return r.length() - 1;
      }
    };

    abstract int at(String record);

    /** The record cut here, checked to be a real cut (something kept, something lost). */
    String of(String record) {
      int at = at(record);
      assertThat(at).as(this + " of " + record).isGreaterThan(1).isLessThan(record.length());
      return record.substring(0, at);
    }
  }

  /** How the layout of a framing puts records on lines. */
  enum Layout { NDJSON, ARRAY, CONCATENATED }

  @BeforeAll
  static void records() {
    try (EventCatalog catalog = new EventCatalog(11, RECORDS)) {
      for (RecordShape shape : RecordShape.values()) {
        DownloadSpec spec = new DownloadSpec(new Scope("space-cut", false), DAY, DAY.plusDays(1),
            OptionalInt.empty(), Framing.NDJSON, shape, false, 0, false);
        List<String> records = new ArrayList<>();
        catalog.framedRecords(spec).forEachRemaining(piece -> {
          String text = new String(piece, StandardCharsets.UTF_8);
          records.add(text.substring(0, text.length() - 1)); // NDJSON: record + "\n"
        });
        assertThat(records).hasSizeGreaterThanOrEqualTo(6).allMatch(r -> !r.contains("\n"));
        for (String r : records) {
          Decoded alone = Docs.fast(r, true);
          assertThat(alone).as(r).isInstanceOf(Doc.class);
          ID_OF.put(r, ((Doc) alone).id());
        }
        assertThat(records.stream().map(ID_OF::get).distinct()).hasSize(records.size());
        RECORDS_OF.put(shape, records);
      }
    }
  }

  /** Separators of CONCATENATED: some records share a line, some lines end with CRLF. */
  private static final String[] SEPARATORS = {" ", "\n", "", "\r\n", "\t", "\n  ", "\n"};

  /** How a cut record ends. */
  enum Ending {
    /** a newline, then the separator of the layout */
    NEWLINE,
    /** the separator of the layout, as if the record had ended there */
    SEPARATOR,
    /** nothing: the next record follows at once, on the same line (its own newline was lost with the cut) */
    NEXT_RECORD
  }

  /** The body: {@code records} framed by {@code layout}, the records of {@code replaced} replaced by their text. */
  private static String body(Layout layout, List<String> records, Map<Integer, String> replaced) {
    return body(layout, records, replaced, java.util.Set.of());
  }

  /** As above; the records in {@code joined} are followed at once by the next one, without the separator. */
  private static String body(Layout layout, List<String> records, Map<Integer, String> replaced,
      java.util.Set<Integer> joined) {
    StringBuilder b = new StringBuilder(layout == Layout.ARRAY ? "[\n" : "");
    for (int i = 0; i < records.size(); i++) {
      if (i > 0 && !joined.contains(i - 1)) {
        b.append(switch (layout) {
          case NDJSON -> "\n";
          case ARRAY -> ",\n";
          case CONCATENATED -> SEPARATORS[i % SEPARATORS.length];
        });
      }
      b.append(replaced.getOrDefault(i, records.get(i)));
    }
    b.append(layout == Layout.ARRAY ? "\n]\n" : "\n");
    return b.toString();
  }

  /**
   * What must come out, numbered in order: each intact record as its document; each cut record as one dead letter
   * holding its text from its start to where the next intact record starts on its line (without the whitespace
   * before it), else to the line's end (without a {@code \r}); a cut record starting inside that text (two cuts in a
   * row on one line) is part of it.
   */
  private static List<String> expected(String body, List<String> records, Map<Integer, String> replaced) {
    List<Integer> starts = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < records.size(); i++) {
      String text = replaced.getOrDefault(i, records.get(i));
      int start = body.indexOf(text, from);
      assertThat(start).isNotNegative();
      starts.add(start);
      from = start + text.length();
    }
    List<String> out = new ArrayList<>();
    long number = 0;
    int deadEnd = -1; // records starting before this offset are part of a dead letter's text
    for (int i = 0; i < records.size(); i++) {
      int start = starts.get(i);
      if (start < deadEnd) {
        continue;
      }
      number++;
      if (!replaced.containsKey(i)) {
        out.add("doc " + number + " " + ID_OF.get(records.get(i)));
        continue;
      }
      int lineEnd = body.indexOf('\n', start);
      deadEnd = lineEnd;
      for (int j = i + 1; j < records.size(); j++) {
        if (starts.get(j) < lineEnd && !replaced.containsKey(j)) {
          deadEnd = starts.get(j);
          break;
        }
      }
      String text = body.substring(start, deadEnd);
      text = deadEnd == lineEnd ? (text.endsWith("\r") ? text.substring(0, text.length() - 1) : text)
          : text.stripTrailing();
      out.add("dead " + number + " " + text);
    }
    return out;
  }

  private static List<String> actual(List<Decoded> decoded) {
    return decoded.stream().map(d -> d instanceof Doc doc ? "doc " + d.position().recordNumber() + " " + doc.id()
        : "dead " + d.position().recordNumber() + " " + ((DeadLetter) d).originalText()).collect(Collectors.toList());
  }

  /** Decodes {@code body} whole, byte by byte and in random chunks; all must give {@code expected}. */
  private static List<Decoded> assertDecodes(String what, String body, List<String> expected, Random random) {
    byte[] gzip = Bodies.gzip(Bodies.utf8(body));
    List<Decoded> whole = null;
    for (int maxChunk : new int[] {Integer.MAX_VALUE, 1, 7, 1 + random.nextInt(200), 1 + random.nextInt(4000)}) {
      DecoderFuzzTest.Outcome o = DecoderFuzzTest.decode(gzip, random, maxChunk);
      assertThat(o.failure()).as(what + ", chunks up to " + maxChunk).isNull();
      assertThat(actual(o.decoded())).as(what + ", chunks up to " + maxChunk).isEqualTo(expected);
      assertThat(o.verified()).isEqualTo(expected.size());
      whole = whole == null ? o.decoded() : whole;
    }
    return whole;
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aCutRecordCostsExactlyOneDeadLetterWhereverItIsCut(Layout layout) {
    Random random = new Random(layout.ordinal());
    int cases = 0;
    for (RecordShape shape : RecordShape.values()) {
      List<String> records = RECORDS_OF.get(shape);
      for (Cut cut : Cut.values()) {
        for (int victim : new int[] {0, 2, records.size() - 1}) {
          for (Ending ending : Ending.values()) {
            boolean last = victim == records.size() - 1;
            if (last && ending == Ending.NEXT_RECORD || last && ending == Ending.SEPARATOR && layout != Layout.ARRAY) {
              continue; // no next record; a body ending inside a record is a truncated download (a test below)
            }
            String r = records.get(victim);
            String cutText = cut.of(r);
            String body = body(layout, records, Map.of(victim, cutText + (ending == Ending.NEWLINE ? "\n" : "")),
                ending == Ending.NEXT_RECORD ? java.util.Set.of(victim) : java.util.Set.of());
            String what = layout + "/" + shape + " record " + (victim + 1) + " cut " + cut + " then " + ending;
            List<String> expected = expected(body, records, Map.of(victim, cutText));
            assertThat(expected).as(what).hasSize(records.size());
            if (ending == Ending.NEXT_RECORD) {
              assertThat(expected).as(what).contains("dead " + (victim + 1) + " " + cutText);
            }
            assertThat(expected.stream().filter(e -> e.startsWith("dead"))).as(what).hasSize(1);
            List<Decoded> decoded = assertDecodes(what, body, expected, random);
            DeadLetter dead = (DeadLetter) decoded.stream().filter(d -> d instanceof DeadLetter).findFirst()
                .orElseThrow();
            assertThat(dead.stage()).isEqualTo("decode");
            assertThat(dead.reason()).as(what).startsWith("record " + dead.position().recordNumber() + " (line ");
            cases++;
          }
        }
      }
    }
    assertThat(cases).isGreaterThanOrEqualTo(126);
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void severalCutRecordsEachCostOneDeadLetter(Layout layout) {
    Random random = new Random(100 + layout.ordinal());
    for (RecordShape shape : RecordShape.values()) {
      List<String> records = RECORDS_OF.get(shape);
      for (int round = 0; round < 20; round++) {
        Map<Integer, String> cuts = new TreeMap<>();
        Map<Integer, String> bodyCuts = new TreeMap<>();
        for (int i = 0; i < records.size() - 1; i++) {
          if (random.nextInt(3) == 0) {
            String r = records.get(i);
            Cut cut = Cut.values()[random.nextInt(Cut.values().length)];
            String cutText = cut.of(r);
            cuts.put(i, cutText);
            bodyCuts.put(i, cutText + "\n");
          }
        }
        String body = body(layout, records, bodyCuts);
        String what = layout + "/" + shape + " cuts " + cuts.keySet();
        assertDecodes(what, body, expected(body, records, cuts), random);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void severalRecordsCutIntoTheNextOnTheirLineEachCostOneDeadLetter(Layout layout) {
    Random random = new Random(200 + layout.ordinal());
    for (RecordShape shape : RecordShape.values()) {
      List<String> records = RECORDS_OF.get(shape);
      for (int round = 0; round < 20; round++) {
        Map<Integer, String> cuts = new TreeMap<>();
        java.util.Set<Integer> joined = new java.util.HashSet<>();
        for (int i = 0; i < records.size() - 1; i++) {
          if (random.nextInt(3) == 0 && !cuts.containsKey(i - 1)) { // never two cut records in a row
            cuts.put(i, Cut.values()[random.nextInt(Cut.values().length)].of(records.get(i)));
            joined.add(i);
          }
        }
        String body = body(layout, records, cuts, joined);
        String what = layout + "/" + shape + " cut into the next: " + cuts.keySet();
        List<String> expected = expected(body, records, cuts);
        assertThat(expected).as(what).hasSize(records.size());
        assertDecodes(what, body, expected, random);
      }
    }
  }

  @Test
  void aRecordCutIntoTheNextIsNamedAndOnlyItsTextIsDeadLettered() {
    List<String> records = RECORDS_OF.get(RecordShape.CADF);
    String cutText = Cut.AFTER_A_COMMA.of(records.get(1));
    String body = body(Layout.NDJSON, records, Map.of(1, cutText), java.util.Set.of(1));
    List<Decoded> decoded = Bodies.decode(Bodies.gzip(Bodies.utf8(body)), 13);
    assertThat(decoded).hasSize(records.size());
    assertThat(decoded.get(1)).isInstanceOfSatisfying(DeadLetter.class, d -> {
      assertThat(d.position().recordNumber()).isEqualTo(2);
      assertThat(d.reason()).startsWith("record 2 (line 2, column ").contains("is not valid JSON")
          .endsWith("; another record starts later on that line, where decoding goes on");
      assertThat(d.originalText()).isEqualTo(cutText);
    });
    assertThat(decoded.get(2)).isInstanceOfSatisfying(Doc.class, d -> {
      assertThat(d.id()).isEqualTo(ID_OF.get(records.get(2)));
      assertThat(d.position().recordNumber()).isEqualTo(3);
    });
  }

  @Test
  void aNestedObjectEndingWhereTheNextRecordStartsIsNotTakenForARecord() {
    // the last field of a CADF event is an object with a few of the event's names (observer: id, name, typeURI)
    String first = "{\"id\":\"n-1\",\"typeURI\":\"t\",\"eventTime\":\"2019-06-01T08:09:17.25+0000\",\"action\":\"a\","
        + "\"outcome\":\"success\",\"observer\":{\"id\":\"o\",\"typeURI\":\"u\"}}";
    String cut = "{\"id\":\"n-2\",\"typeURI\":\"t\",\"eventTime\":\"2019-06-01T08:09:18.25+0000\",\"action\":\"a\","
        + "\"outcome\":\"success\",\"observer\":{\"id\":\"o\",\"typeURI\":\"u\"}";
    String third = first.replace("n-1", "n-3");
    for (String body : List.of(first + "\n" + cut + third + "\n", cut + third + "\n" + first + "\n")) {
      boolean cutFirst = body.startsWith(cut);
      List<String> expected = cutFirst ? List.of("dead 1 " + cut, "doc 2 n-3", "doc 3 n-1")
          : List.of("doc 1 n-1", "dead 2 " + cut, "doc 3 n-3");
      assertDecodes(cutFirst ? "cut first" : "cut second", body, expected, new Random(9));
    }
  }

  @Test
  void theCutLineIsNamedWithItsNumberAndLine() {
    List<String> records = RECORDS_OF.get(RecordShape.CADF);
    String cutText = Cut.INSIDE_A_STRING.of(records.get(1));
    String body = body(Layout.NDJSON, records, Map.of(1, cutText + "\n"));
    List<Decoded> decoded = Bodies.decode(Bodies.gzip(Bodies.utf8(body)), 13);
    assertThat(decoded.get(1)).isInstanceOfSatisfying(DeadLetter.class, d -> {
      assertThat(d.position().recordNumber()).isEqualTo(2);
      assertThat(d.reason()).isEqualTo("record 2 (line 2) ends before its JSON is complete: the line was cut short;"
          + " decoding goes on at the next line");
      assertThat(d.originalText()).isEqualTo(cutText);
    });
    assertThat(decoded).hasSize(records.size());
  }

  @Test
  void aLastRecordCutWithoutItsLineEndIsATruncatedDownload() {
    List<String> records = RECORDS_OF.get(RecordShape.STORED);
    String last = records.get(records.size() - 1);
    String body = String.join("\n", records.subList(0, records.size() - 1)) + "\n"
        + Cut.AFTER_A_COMMA.of(last);
    DecoderFuzzTest.Outcome o = DecoderFuzzTest.decode(Bodies.gzip(Bodies.utf8(body)), new Random(3), 50);
    assertThat(o.failure()).isInstanceOfSatisfying(DecodeException.class, e -> {
      assertThat(e.damaged()).isFalse();
      assertThat(e.getMessage()).contains("the JSON ended inside record " + records.size());
    });
    assertThat(o.decoded()).hasSize(records.size() - 1).allMatch(d -> d instanceof Doc);
  }

  @Test
  void aFirstRecordCutThenLeftOpenToTheEndIsCutAtItsFirstNewline() {
    List<String> records = RECORDS_OF.get(RecordShape.CADF);
    String first = records.get(0);
    String cutText = first.substring(0, first.indexOf("\":") + 2) + "[";
    // the next records become elements of the cut record's array: valid, but the record never closes
    String body = cutText + "\n" + records.get(1) + "\n" + records.get(2) + "\n";
    List<String> expected = List.of("dead 1 " + cutText, "doc 2 " + ID_OF.get(records.get(1)),
        "doc 3 " + ID_OF.get(records.get(2)));
    assertDecodes("first record cut open to the end", body, expected, new Random(5));
  }

  @Test
  void prettyPrintedRecordsStillSpanLinesAndABadOneIsSkippedToTheNextLineOpeningAValue() {
    String pretty1 = "{\n  \"id\": \"p-1\",\n  \"eventTime\": \"2019-06-01T08:09:17.25+0000\"\n}";
    String bad = "{\n  \"id\": \"p-2\",\n  \"eventTime\": nope\n}";
    String pretty3 = "{\n  \"id\": \"p-3\",\n  \"eventTime\": \"2019-06-01T08:09:18.25+0000\"\n}";
    String body = pretty1 + "\n" + bad + "\n" + pretty3 + "\n";
    List<String> expected = List.of("doc 1 p-1", "dead 2 " + bad, "doc 3 p-3");
    List<Decoded> decoded = assertDecodes("pretty-printed", body, expected, new Random(6));
    assertThat(((DeadLetter) decoded.get(1)).reason()).startsWith("record 2 (line 7, column 16) is not valid JSON");
    assertThat(((Doc) decoded.get(2)).position().recordNumber()).isEqualTo(3);
  }

  @Test
  void aBadFirstRecordOfAPrettyPrintedDownloadIsNotTakenForACutLine() {
    String bad = "{\n  \"id\": \"p-1\",\n  \"eventTime\": nope\n}";
    String pretty2 = "{\n  \"id\": \"p-2\",\n  \"eventTime\": \"2019-06-01T08:09:17.25+0000\"\n}";
    String pretty3 = "{\n  \"id\": \"p-3\",\n  \"eventTime\": \"2019-06-01T08:09:18.25+0000\"\n}";
    String body = bad + "\n" + pretty2 + "\n" + pretty3 + "\n";
    assertDecodes("pretty-printed, first record bad", body, List.of("dead 1 " + bad, "doc 2 p-2", "doc 3 p-3"),
        new Random(7));
  }
}
