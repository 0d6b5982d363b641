package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Frames decoded download bytes into records with Jackson's non-blocking parser, passing each token to the
 * {@link Transcoder} as it comes, and hands each complete record's exact bytes to the listener. If the first non-whitespace byte is {@code [}, records are the elements of top-level arrays; otherwise
 * every root-level value is a record (NDJSON, or values concatenated with any or no whitespace).
 *
 * <p>The bytes live in one rolling buffer: the caller writes a slice at {@link #end()} of {@link #spaceFor}, then
 * {@link #commit}s it; after each slice everything before the current partial record is dropped. A syntax error
 * or an over-limit record becomes a {@link Listener#malformed} record and the framer resyncs after the next
 * newline, with a fresh parser (inside the array, if it was in one).
 *
 * <p>Cut records (issue 15): the first record to complete says whether records span lines. If it fits on one line
 * (NDJSON, one element per line, or values concatenated on lines), a newline reached while a record is still open
 * means the record was cut short there: its text up to that newline becomes one {@link Listener#malformed} record
 * and framing goes on at the next line, so the records after it are neither swallowed nor merged into it. The lines
 * are fed to the parser one at a time for that. A record cut without its newline runs into the next record on its
 * line: when it fails there (or is still open at the line's end), the line is searched for the first later complete
 * record ({@link #nextRecordIn}); the cut text alone is dead-lettered and framing goes on at that record. Before any record completed, a record that spans a newline and then
 * fails is taken as cut at its first newline and the bytes after it are framed again. Once records span lines
 * (pretty-printed values) a bad record is skipped to the next line that starts with '{' or '[' (inside an array: to
 * the end of the line where its error was found).
 */
final class RecordFramer {
  /** What framing yields, in download order; numbers are 1-based and count bad records too. */
  interface Listener {
    /** Record {@code number} is complete: its bytes are {@code buf[from, to)}, valid during the call only. */
    void record(long number, byte[] buf, int from, int to);

    void malformed(long number, String reason, String originalText);
  }

  private static final byte[] OPEN_ARRAY = {'['};

  private enum Mode { UNDECIDED, ROOT, ARRAY }

  /**
   * Where framing stands; every change goes through {@link #to}, which checks it against {@link #canGo}.
   *
   * <pre>
   * state      parser  the bytes at fed are                      leaves for
   * NO_PARSER  none    the start of a value, whitespace, or (a   BETWEEN: a fresh parser starts there
   *                    resync inside an array) a ',' to skip
   * BETWEEN    open    whitespace, separators, the array's '['  IN_RECORD: a record's first token
   *                    or ']', or a record's first token        SKIPPING: a syntax error outside a record
   * IN_RECORD  open    the rest of record records + 1, open     BETWEEN: the record completed
   *                    since recordStart                        NO_PARSER: cut short at its line's end (at a
   *                                                               later record on that line if one starts there)
   *                                                             SEEKING: a syntax error or a limit on the
   *                                                               record's line while records fit on a line (or
   *                                                               that is not yet known)
   *                                                             SKIPPING: over maxRecordBytes, or an error in a
   *                                                               record spanning lines
   * SEEKING    none    the rest of the failed record's line,    NO_PARSER: the line ended; framing goes on at the
   *                    kept from seekStart                        first later record on it, else the next line
   *                                                             SKIPPING: the line outgrew maxRecordBytes
   * SKIPPING   none    the rest of a bad record's text, dead-   NO_PARSER: its line (pretty-printed: up to a
   *                    lettered up to the next newline           line opening a value) ended
   * </pre>
   *
   * The end of the body leaves any state for NO_PARSER.
   */
  enum State {
    NO_PARSER, BETWEEN, IN_RECORD, SEEKING, SKIPPING;

    /** The transitions framing makes (the end of the body aside). */
    boolean canGo(State next) {
      return switch (this) {
        case NO_PARSER -> next == BETWEEN;
        case BETWEEN -> next == IN_RECORD || next == SKIPPING;
        case IN_RECORD -> next == BETWEEN || next == NO_PARSER || next == SEEKING || next == SKIPPING;
        case SEEKING -> next == NO_PARSER || next == SKIPPING;
        case SKIPPING -> next == NO_PARSER;
      };
    }
  }

  /** Whether records span lines: decided by the first record to complete. */
  private enum Lines { UNKNOWN, ONE_LINE, MULTI_LINE }

  private final DecodeLimits limits;
  private final Listener listener;
  private final Transcoder tree;
  private final DeadText deadText;
  private JsonFactory factory;

  private byte[] buf = new byte[128 * 1024];
  private int len;
  private long base; // download offset of buf[0]
  private int fed; // buf[0, fed) went to the parser or the skipper

  private State state = State.NO_PARSER;
  private Mode mode = Mode.UNDECIDED;
  private Lines lines = Lines.UNKNOWN;
  private JsonParser parser;
  private ByteArrayFeeder feeder;
  private long parserBase; // download offset of the parser's offset 0
  private long newlinesBefore; // lines before the parser's first line
  private boolean inArray; // inside a top-level array whose elements are records
  private boolean arrayPrescan; // resynced inside an array: skip whitespace and one ',' before parsing
  private long boundary; // download offset just after the last token outside a record
  private long recordStart = -1;
  private long recordLine;
  private long records;

  private boolean resumeInArray;
  private long skipLine; // line number at the skip's first byte (SEEKING: the failed record's line)
  private long seekStart; // SEEKING: download offset of the failed record, kept until its line has arrived
  /** Top-level field names of the first record that completed: a record found after a cut must have most of them. */
  private Set<String> recordNames;
  private long deadNumber;
  private String deadReason;

  /** @param transcoder takes each record's tokens as they are parsed (one pass, no tree) */
  RecordFramer(DecodeLimits limits, Transcoder transcoder, Listener listener) {
    this.limits = limits;
    this.tree = transcoder;
    transcoder.rawInput(new Transcoder.RawInput() {
      @Override
      public byte[] buf() {
        return buf;
      }

      @Override
      public int index(long parserOffset) {
        return parser == null ? -1 : RecordFramer.this.index(parserBase + parserOffset);
      }

      @Override
      public int end() {
        return len;
      }
    });
    this.listener = listener;
    this.deadText = new DeadText(limits.maxDeadLetterTextBytes());
  }

  /** Makes room for {@code n} more bytes at {@link #end()} and returns the buffer to write them to. */
  byte[] spaceFor(int n) {
    if (buf.length - len < n) {
      buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
    }
    return buf;
  }

  int end() {
    return len;
  }

  long records() {
    return records;
  }

  /** Where framing stands (for tests). */
  State state() {
    return state;
  }

  private void to(State next) {
    assert state.canGo(next) : "framer state " + state + " cannot go to " + next;
    state = next;
  }

  /** Frames the {@code n} bytes just written at {@link #end()}. */
  void commit(int n) {
    len += n;
    frame();
    compact();
  }

  private void frame() {
    while (fed < len) {
      switch (state) {
        case NO_PARSER -> startParser();
        case BETWEEN, IN_RECORD -> {
          feedParser();
          checkOversized();
        }
        case SEEKING -> {
          if (!seekLineEnd()) {
            return; // waiting for the failed record's line to end
          }
        }
        case SKIPPING -> {
          if (!skipToNewline()) {
            return; // waiting for the byte after a newline
          }
        }
      }
    }
  }

  /**
   * The decoded body ended.
   *
   * @throws DecodeException when it ended inside a record or an unclosed array
   */
  void finish(long compressedOffset) {
    IOException failure;
    do {
      failure = endOfInput();
    } while (cutAtEnd());
    String open = recordStart >= 0 ? "the JSON ended inside record " + (records + 1) + " (line " + recordLine + ")"
        : inArray || arrayPrescan ? "the top-level JSON array was not closed"
        : failure != null ? "the JSON ended mid-value after record " + records : null;
    dropParser();
    state = State.NO_PARSER;
    if (open != null) {
      throw truncated(failure == null ? open : open + ": " + originalMessage(failure), compressedOffset, failure);
    }
  }

  private IOException endOfInput() {
    while (state == State.SEEKING) {
      resync(base + len); // the end of the body ends the failed record's line
      frame();
    }
    if (state == State.SKIPPING) {
      state = State.NO_PARSER;
      emitDead(); // the end of the body also ends the bad line
    }
    if (parser != null) {
      try {
        feeder.endOfInput();
        drainTokens();
      } catch (IOException e) {
        return e;
      }
    }
    return null;
  }

  /**
   * The body ended inside a record that spans a newline while no record has yet said whether records span lines:
   * the record was cut at its first newline. Dead-letters it and frames the bytes after that newline again.
   */
  private boolean cutAtEnd() {
    if (recordStart < 0 || lines != Lines.UNKNOWN) {
      return false;
    }
    long newline = newlineIn(recordStart, base + len);
    if (newline < 0 || !opensRecord(newline + 1, false)) {
      return false;
    }
    cut(++records, newline);
    frame();
    return true;
  }

  private static DecodeException truncated(String what, long compressedOffset, Throwable cause) {
    return DecodeException.truncated("download truncated: " + what + " after " + compressedOffset
        + " compressed bytes; the body is incomplete, request the window again", compressedOffset, cause);
  }

  private void startParser() {
    int i = fed;
    if (mode == Mode.UNDECIDED || arrayPrescan) {
      i = skipWhitespace(i);
      if (i == len) {
        fed = len;
        return;
      }
      if (mode == Mode.UNDECIDED) {
        mode = buf[i] == '[' ? Mode.ARRAY : Mode.ROOT;
      } else if (buf[i] == ',') {
        i++;
      }
    }
    fed = i;
    factory = factory != null ? factory : newFactory();
    try {
      parser = factory.createNonBlockingByteArrayParser();
      feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
      parserBase = base + fed;
      boundary = parserBase;
      to(State.BETWEEN);
      if (arrayPrescan) {
        // the element may be preceded by ',' (skipped above): re-enter the array with a synthetic '['
        arrayPrescan = false;
        feeder.feedInput(OPEN_ARRAY, 0, 1);
        parser.nextToken();
        inArray = true;
        parserBase--;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a JSON parser", e);
    }
  }

  private int skipWhitespace(int from) {
    int i = from;
    for (; i < len; i++) {
      byte b = buf[i];
      if (b == '\n') {
        newlinesBefore++;
      } else if (b != ' ' && b != '\t' && b != '\r') {
        break;
      }
    }
    return i;
  }

  private JsonFactory newFactory() {
    // inside a top-level array each record sits one level deeper than the limit describes
    int depth = limits.maxNestingDepth() + (mode == Mode.ARRAY ? 1 : 0);
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxStringLength())
            .maxNestingDepth(depth)
            .build())
        .build();
  }

  private void feedParser() {
    int to = len;
    long lineEnd = -1;
    if (lines != Lines.MULTI_LINE) {
      // one line at a time: once records are known to fit on a line, one still open at its line's end was cut short
      // there (and before that is known, the first record to complete must not have the parser past its line)
      int i = fed;
      while (i < len && buf[i] != '\n') {
        i++;
      }
      if (i < len) {
        to = i + 1;
        lineEnd = base + i;
      }
    }
    try {
      feeder.feedInput(buf, fed, to);
    } catch (IOException e) {
      throw new IllegalStateException("JSON parser fed before it consumed its input", e);
    }
    fed = to;
    drain();
    if (lineEnd >= 0 && lines == Lines.ONE_LINE && state == State.IN_RECORD) {
      cut(++records, lineEnd);
    }
  }

  private void drain() {
    try {
      drainTokens();
    } catch (StreamConstraintsException e) {
      limitHit(e);
    } catch (IOException e) {
      syntaxError(e);
    }
  }

  private void drainTokens() throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      onToken(token);
    }
  }

  private void onToken(JsonToken token) throws IOException {
    if (!tree.inProgress()) {
      if (mode == Mode.ARRAY && !inArray && token == JsonToken.START_ARRAY) {
        inArray = true;
        boundary = offsetNow();
        return;
      }
      if (inArray && token == JsonToken.END_ARRAY) {
        inArray = false;
        boundary = offsetNow();
        return;
      }
      recordStart = firstValueByte(boundary);
      recordLine = newlinesBefore + parser.currentTokenLocation().getLineNr();
      to(State.IN_RECORD);
    }
    if (token == JsonToken.END_OBJECT && trailingComma()) {
      // the words of Jackson's own error for the same input in one feed
      JsonLocation after = parser.currentLocation(); // the error is at the '}', one byte back
      JsonLocation at = new JsonLocation(after.contentReference(), after.getByteOffset() - 1, -1L,
          after.getLineNr(), after.getColumnNr() - 1);
      throw new JsonParseException(parser, "Unexpected character ('}' (code 125)): was expecting double-quote to"
          + " start field name", at);
    }
    if (tree.add(token, parser)) {
      complete();
    }
  }

  /**
   * Jackson's non-blocking parser (2.22) accepts {@code {"a":1,}} when its input ends right after the comma and the
   * {@code '}'} comes in the next feed (a one-byte chunk boundary is enough; the blocking parser and a whole feed
   * refuse it). A comma can only come right before an object's end as a trailing comma, so the bytes are read here:
   * the record is still in the buffer, from {@code recordStart}.
   */
  private boolean trailingComma() {
    int i = index(offsetNow()) - 2; // the parser stands right after the '}' (its token location is not reliable)
    int first = Math.max(0, index(recordStart));
    while (i >= first && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
      i--;
    }
    return i >= first && buf[i] == ',';
  }

  private void complete() {
    long end = offsetNow();
    int from = index(recordStart);
    int to = index(end);
    long number = ++records;
    if (lines == Lines.UNKNOWN) {
      lines = countNewlines(from, to) == 0 ? Lines.ONE_LINE : Lines.MULTI_LINE;
      recordNames = new Scan(from, to).names;
    }
    recordStart = -1;
    boundary = end;
    to(State.BETWEEN);
    if (to - from > limits.maxRecordBytes()) {
      tree.reset();
      deadText.reset();
      deadText.append(buf, from, to);
      deadNumber = number;
      deadReason = tooBig(number);
      emitDead();
    } else {
      listener.record(number, buf, from, to);
    }
  }

  private String tooBig(long number) {
    return "record " + number + " exceeds maxRecordBytes (limit " + limits.maxRecordBytes() + " bytes)";
  }

  private void checkOversized() {
    if (recordStart >= 0 && base + fed - recordStart > limits.maxRecordBytes()) {
      long number = ++records;
      long searchFrom = recordStart + limits.maxRecordBytes();
      long line = recordLine + countNewlines(index(recordStart), index(searchFrom));
      beginSkip(number, tooBig(number) + "; skipped to the next line", recordStart, searchFrom, line);
    }
  }

  private void syntaxError(IOException e) {
    long number = ++records;
    JsonLocation at = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    at = at != null ? at : parser.currentLocation();
    long line = newlinesBefore + at.getLineNr();
    String column = at != null && at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "";
    String reason = "record " + number + " (line " + line + column + ") is not valid JSON: " + originalMessage(e);
    skipBad(number, reason, at, line);
  }

  private void limitHit(StreamConstraintsException e) {
    long number = ++records;
    String message = originalMessage(e);
    String limit = message.contains("getMaxStringLength") ? "maxStringLength (limit " + limits.maxStringLength() + ")"
        : message.contains("getMaxNestingDepth") ? "maxNestingDepth (limit " + limits.maxNestingDepth() + ")"
        : "a Jackson stream read limit";
    // a limit is often checked after the token, without a location: where the parser stopped is close enough
    JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
    long line = newlinesBefore + at.getLineNr();
    String reason = "record " + number + " (line " + line + ") exceeds " + limit + ": " + message;
    skipBad(number, reason, at, line);
  }

  private void skipBad(long number, String reason, JsonLocation at, long line) {
    long end = base + len;
    long errorAt = at.getByteOffset() >= 0 ? parserBase + at.getByteOffset() : end;
    if (recordStart >= 0 && lines != Lines.MULTI_LINE) {
      // the error came at or after a newline inside the record (a raw newline in a string, or a next record where
      // this one should go on): the record was cut at its first newline
      long newline = newlineIn(recordStart, Math.min(errorAt + 1, end));
      if (newline >= 0 && (lines == Lines.ONE_LINE || opensRecord(newline + 1, true))) {
        cut(number, newline);
        return;
      }
      if (newline >= 0) {
        lines = Lines.MULTI_LINE; // the first record spans lines and its next line does not start one: pretty-printed
      } else {
        beginSeek(number, reason, line);
        return;
      }
    }
    long start = recordStart >= 0 ? recordStart : Math.min(firstValueByte(boundary), Math.max(errorAt, base));
    beginSkip(number, reason, start, Math.max(start, Math.min(errorAt, end)), line);
  }

  /**
   * Record {@code number}, open since {@link #recordStart}, was cut short at the {@code newline}: dead-letters its
   * text before the newline (without a {@code \r}) and frames again from the next line with a fresh parser.
   */
  private void cut(long number, long newline) {
    long start = recordStart;
    long line = recordLine;
    resumeInArray = inArray;
    dropParser();
    long next = nextRecordIn(start, newline);
    deadText.reset();
    deadNumber = number;
    if (next >= 0) {
      deadText.append(buf, index(start), index(trimEnd(start, next)));
      deadReason = "record " + number + " (line " + line + ") ends before its JSON is complete: it was cut short "
          + "where another record starts on the same line; decoding goes on there";
      resumeAt(next, line - 1);
    } else {
      deadText.append(buf, index(start), index(newline));
      deadText.dropTrailingCr();
      deadReason = "record " + number + " (line " + line + ") ends before its JSON is complete: the line was cut "
          + "short; decoding goes on at the next line";
      resumeAt(newline + 1, line);
    }
    to(State.NO_PARSER);
    emitDead();
  }

  /** Framing goes on at {@code offset} with a fresh parser, {@code lines} newlines before it. */
  private void resumeAt(long offset, long lines) {
    fed = Math.min(index(offset), len);
    newlinesBefore = lines;
    arrayPrescan = resumeInArray;
  }

  /**
   * Record {@code number}, open since {@link #recordStart}, is not valid JSON on its own line: once that line has
   * arrived ({@link #seekLineEnd}), it is dead-lettered up to the first later record on the line, or whole.
   */
  private void beginSeek(long number, String reason, long line) {
    seekStart = recordStart;
    resumeInArray = inArray;
    dropParser();
    deadNumber = number;
    deadReason = reason;
    skipLine = line;
    fed = index(seekStart);
    to(State.SEEKING);
  }

  /** @return false when the failed record's line has not yet ended */
  private boolean seekLineEnd() {
    int i = fed;
    while (i < len && buf[i] != '\n') {
      i++;
    }
    fed = i;
    if (i < len) {
      resync(base + i);
      return true;
    }
    if (base + len - seekStart > limits.maxRecordBytes()) {
      // too long to hold until its line ends: dead-lettered to the line's end, as a skip
      deadText.reset();
      deadText.append(buf, index(seekStart), len);
      to(State.SKIPPING);
      return true;
    }
    return false;
  }

  /** The failed record's line ends at {@code lineEnd} (its newline, or the end of the body): dead-letters it. */
  private void resync(long lineEnd) {
    long next = nextRecordIn(seekStart, lineEnd);
    deadText.reset();
    if (next >= 0) {
      deadText.append(buf, index(seekStart), index(trimEnd(seekStart, next)));
      deadReason += "; another record starts later on that line, where decoding goes on";
      resumeAt(next, skipLine - 1);
    } else {
      deadText.append(buf, index(seekStart), index(lineEnd));
      deadText.dropTrailingCr();
      resumeAt(lineEnd + 1, skipLine);
    }
    to(State.NO_PARSER);
    emitDead();
  }

  /**
   * Where, after a record that could not complete at {@code start}, the next record on its line starts: the first
   * '{' in {@code (start, lineEnd)} that opens an object complete within the line, followed by the line's end or a
   * record boundary (the next value; in an array ',' or ']'), whose top-level field names include at least half of
   * the records' (those of the first record, else those the failed one got to). -1 when there is none: a candidate
   * is never taken on less, so nothing is invented. The names tell a record from a nested object of the failed one
   * that happens to end where the next record starts (a CADF {@code observer} has 3 of an event's dozen names).
   */
  private long nextRecordIn(long start, long lineEnd) {
    int from = index(start);
    int end = index(lineEnd);
    Set<String> ref = recordNames != null ? recordNames : new Scan(from, end).names;
    if (ref.isEmpty()) {
      return -1;
    }
    for (int i = from + 1; i < end; i++) {
      if (buf[i] != '{') {
        continue;
      }
      Scan candidate = new Scan(i, end);
      if (candidate.end >= 0 && atBoundary(candidate.end, end) && 2 * shared(candidate.names, ref) >= ref.size()) {
        return base + i;
      }
    }
    return -1;
  }

  private static int shared(Set<String> names, Set<String> ref) {
    int n = 0;
    for (String name : ref) {
      n += names.contains(name) ? 1 : 0;
    }
    return n;
  }

  /** Whether only spaces lie between {@code i} and the line's {@code end}, or then a value or an array separator. */
  private boolean atBoundary(int i, int end) {
    int j = i;
    while (j < end && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\r')) {
      j++;
    }
    return j == end || buf[j] == '{' || buf[j] == '[' || resumeInArray && (buf[j] == ',' || buf[j] == ']');
  }

  /**
   * The JSON object at {@code buf[from, to)} read on its own (only after a bad record, never per record): its
   * top-level field names as far as it parses, and the index just after it, -1 when it is not one complete object.
   */
  private final class Scan {
    final Set<String> names = new HashSet<>();
    int end = -1;

    Scan(int from, int to) {
      if (from >= to || buf[from] != '{') {
        return;
      }
      try {
        JsonParser p = factory.createNonBlockingByteArrayParser();
        try {
          ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(buf, from, to);
          p.getNonBlockingInputFeeder().endOfInput();
          int depth = 0;
          do {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.NOT_AVAILABLE) {
              return;
            }
            if (t == JsonToken.FIELD_NAME && depth == 1) {
              names.add(p.currentName());
            }
            depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
          } while (depth > 0);
          end = from + (int) p.currentLocation().getByteOffset();
        } finally {
          p.close();
        }
      } catch (IOException e) {
        // not valid JSON past here, or over a limit: the names so far, and not a complete object
      }
    }
  }

  /** {@code to} moved back over the whitespace before it (not before {@code from}). */
  private long trimEnd(long from, long to) {
    int i = index(to);
    while (i > index(from) && (buf[i - 1] == ' ' || buf[i - 1] == '\t' || buf[i - 1] == '\r' || buf[i - 1] == '\n')) {
      i--;
    }
    return base + i;
  }

  /**
   * Whether the first byte after whitespace from {@code offset} can start a record (or the array's next element, or
   * its end); {@code unknown} when only whitespace has arrived. The first newline of a pretty-printed record is
   * followed by a key or a closing brace.
   */
  private boolean opensRecord(long offset, boolean unknown) {
    for (int i = index(offset); i < len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{' || b == '[' || b == ']' || b == ',';
      }
    }
    return unknown;
  }

  /** Download offset of the first newline in {@code [from, to)}, or -1. */
  private long newlineIn(long from, long to) {
    for (int i = index(from), end = index(to); i < end; i++) {
      if (buf[i] == '\n') {
        return base + i;
      }
    }
    return -1;
  }

  /** Dead-letters {@code [start, newline)} and resumes after the first newline at or after {@code searchFrom}. */
  private void beginSkip(long number, String reason, long start, long searchFrom, long lineAtSearch) {
    resumeInArray = inArray;
    dropParser();
    deadNumber = number;
    deadReason = reason;
    deadText.reset();
    deadText.append(buf, index(start), index(searchFrom));
    skipLine = lineAtSearch;
    to(State.SKIPPING);
    fed = index(searchFrom);
  }

  /** @return false when nothing could be done until more bytes arrive */
  private boolean skipToNewline() {
    int i = fed;
    while (true) {
      while (i < len && buf[i] != '\n') {
        i++;
      }
      if (i == len || lines != Lines.MULTI_LINE || resumeInArray) {
        break;
      }
      // pretty-printed values: the bad record's further lines (indented, or its closing brace) belong to it; the
      // next record starts on a line whose first byte opens a value
      if (i + 1 == len) {
        deadText.append(buf, fed, i);
        boolean progress = i > fed;
        fed = i; // look at the next line's first byte when it comes
        return progress;
      }
      if (buf[i + 1] == '{' || buf[i + 1] == '[') {
        break;
      }
      skipLine++;
      i++;
    }
    deadText.append(buf, fed, i);
    if (i == len) {
      fed = len;
      return true;
    }
    deadText.dropTrailingCr();
    fed = i + 1;
    to(State.NO_PARSER);
    newlinesBefore = skipLine;
    arrayPrescan = resumeInArray;
    emitDead();
    return true;
  }

  private void emitDead() {
    String text = deadText.text();
    String reason = deadText.cut()
        ? deadReason + " (text cut to " + deadText.kept() + " bytes by maxDeadLetterTextBytes "
            + limits.maxDeadLetterTextBytes() + ")"
        : deadReason;
    deadText.reset();
    listener.malformed(deadNumber, reason, text);
  }

  /** Releases the parser; the caller says which state follows. */
  private void dropParser() {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        // closing a non-blocking parser over a byte array only returns its buffers; nothing can fail here
      }
    }
    parser = null;
    feeder = null;
    tree.reset();
    recordStart = -1;
    inArray = false;
  }

  /** First byte at or after {@code from} that is not whitespace or a ',' separator. */
  private long firstValueByte(long from) {
    int i = index(from);
    while (i < len) {
      byte b = buf[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != ',') {
        break;
      }
      i++;
    }
    return base + i;
  }

  private long countNewlines(int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private long offsetNow() {
    return parserBase + parser.currentLocation().getByteOffset();
  }

  private int index(long offset) {
    return (int) (offset - base);
  }

  /** Drops what no longer matters: everything before the partial record (or before unread input). */
  private void compact() {
    long keep;
    switch (state) {
      case IN_RECORD -> keep = recordStart;
      case SEEKING -> keep = seekStart;
      case BETWEEN -> {
        keep = firstValueByte(boundary);
        boundary = keep;
      }
      default -> keep = base + fed;
    }
    int k = index(keep);
    if (k == 0) {
      return;
    }
    int rest = len - k;
    if (buf.length > 512 * 1024 && rest < 64 * 1024) {
      byte[] smaller = new byte[128 * 1024]; // a huge record has passed: give its memory back
      System.arraycopy(buf, k, smaller, 0, rest);
      buf = smaller;
    } else {
      System.arraycopy(buf, k, buf, 0, rest);
    }
    len = rest;
    fed -= k;
    base = keep;
  }

  private static String originalMessage(IOException e) {
    return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : String.valueOf(e.getMessage());
  }
}
