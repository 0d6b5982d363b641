package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Produces the uncompressed download body of a {@link DownloadSpec} piece by piece into one reusable {@link Buf}:
 * day by day, hour by hour (only the SearchTime hour if set), events in time order within each hour, then the hour's
 * extra events ({@link LatePlan}, in time order among themselves), then its scenario events ({@link Scenarios}, in
 * time order).
 *
 * <p>Framing (reference A.1): NDJSON is record + {@code "\n"}; ARRAY is {@code "[\n"}, records joined by
 * {@code ",\n"}, then {@code "\n]\n"} ({@code "[]\n"} when empty); CONCATENATED separates records by varied
 * whitespace drawn from the spec's own stream ({@code " "}, {@code "\n"}, {@code "\r\n"}, {@code "\t"}, nothing at
 * all, ...). Records themselves never contain a newline.
 *
 * <p>Malformed records (fault {@code malformedEvery = N}): just before good record number {@code kN + 1} (k >= 1) one
 * malformed record is written, so one follows every N-th good record <em>unless that was the last good record</em>:
 * there are {@code (good - 1) / N} of them. Each sits alone on its line (preceded by a newline or {@code ",\n"} and
 * followed by {@code "\n"}, or {@code ",\n"} in ARRAY), fails to parse before its line ends, and holds no newline, so
 * a reader can resync at the next newline. They do not change the good records or their ids. Not thread-safe.
 */
final class BodySource {
  /** What the last call to {@link #next} appended. */
  enum Piece {
    /** one good record with its framing; see {@link #recordStart()}/{@link #recordEnd()}/{@link #knownId()} */
    RECORD,
    /** one malformed record with its framing */
    MALFORMED,
    /** framing only (the closing of an ARRAY) */
    FRAME,
    /** the end of a day (nothing appended): where a multi-member body closes a gzip member */
    DAY_END,
    /** the end of the body (nothing appended) */
    END
  }

  private static final String[] SEPARATORS = {" ", "\n", "\r\n", "\t", "", "  \n", "\n\n", " \t "};
  private static final String[] MALFORMED = {
    "{\"action\":\"iam-identity.apikey.login\" \"outcome\":\"success\",\"malformed\":%d}",
    "{\"eventTime\":\"2019-05-30T18:42:48.96+0000\",\"outcome\":,\"malformed\":%d}",
    "{\"initiator\":{\"id\":nul},\"malformed\":%d}",
    "garbage<<%d not json>>",
    "{\"message\":\"bad escape \\u00zz\",\"malformed\":%d}",
  };

  private final DownloadSpec spec;
  private final ScopeContext ctx;
  private final int eventsPerDay;
  private final LateEvents late;
  private final Scenarios scenarios;
  private final ScenarioWriter scenarioWriter;
  private final Rng lateRng = new Rng(0);
  private final Buf buf = new Buf(64 * 1024);
  private final JsonGenerator gen = JsonText.generator(buf);
  private final RecordWriter writer;
  private final Rng hourRng = new Rng(0);
  private final Rng framingRng;

  private LocalDate day;
  private String date;
  private long[] hourCounts;
  private LatePlan latePlan = LatePlan.NONE;
  private int lateIndex;
  private List<ScenarioEvent> scenarioEvents = List.of();
  private int scenarioIndex;
  private int scenarioEnd;
  private String lastScenarioId;
  private boolean dayOpen;
  private int hour;
  private long hourCount;
  private long eventIndex;
  private long good;
  private long malformed;
  private boolean closed;
  private int recordStart;
  private int recordEnd;

  BodySource(ScopeContext ctx, int eventsPerDay, LateEvents late, Scenarios scenarios, DownloadSpec spec) {
    this.spec = spec;
    this.ctx = ctx;
    this.eventsPerDay = eventsPerDay;
    this.late = late;
    this.scenarios = scenarios;
    this.scenarioWriter = new ScenarioWriter(ctx);
    this.writer = new RecordWriter(ctx);
    this.framingRng = new Rng(Rng.seedOf(ctx.key, 0xF4A3_1E6L));
    this.day = spec.start();
  }

  /** Appends the next piece to {@link #buf()} and says what it was. */
  Piece next() {
    while (true) {
      if (day.isAfter(spec.end())) {
        return Piece.END;
      }
      if (!dayOpen) {
        openDay();
      }
      if (eventIndex < hourCount || lateIndex < latePlan.to(hour) || scenarioIndex < scenarioEnd) {
        return writeEvent();
      }
      if (nextHour()) {
        continue;
      }
      if (day.equals(spec.end()) && !closed) {
        closed = true;
        if (writeClosing()) {
          return Piece.FRAME;
        }
      }
      dayOpen = false;
      day = day.plusDays(1);
      return Piece.DAY_END;
    }
  }

  /** True once the last day has ended: no more pieces but {@link Piece#END}. */
  boolean exhausted() {
    return day.isAfter(spec.end());
  }

  Buf buf() {
    return buf;
  }

  int recordStart() {
    return recordStart;
  }

  int recordEnd() {
    return recordEnd;
  }

  /** The id of the last good record from its own fields, or null when its content hash identifies it. */
  String knownId() {
    return lastScenarioId != null ? lastScenarioId : writer.lastId();
  }

  long goodRecords() {
    return good;
  }

  long malformedRecords() {
    return malformed;
  }

  private void openDay() {
    dayOpen = true;
    date = day.toString();
    hourCounts = DayPlan.hourCounts(ctx.key, day, eventsPerDay);
    // read once per day: an addition made while this day is being written shows in the next download
    latePlan = LatePlan.of(ctx.key, day, late.count(ctx.scope, day));
    scenarioEvents = scenarios.of(ctx.scope, day);
    hour = spec.hour().isPresent() ? spec.hour().getAsInt() : 0;
    startHour();
  }

  private boolean nextHour() {
    if (spec.hour().isPresent() || hour == 23) {
      return false;
    }
    hour++;
    startHour();
    return true;
  }

  private void startHour() {
    hourCount = hourCounts[hour];
    eventIndex = 0;
    lateIndex = latePlan.from(hour);
    scenarioIndex = 0;
    while (scenarioIndex < scenarioEvents.size() && scenarioEvents.get(scenarioIndex).hour() < hour) {
      scenarioIndex++;
    }
    scenarioEnd = scenarioIndex;
    while (scenarioEnd < scenarioEvents.size() && scenarioEvents.get(scenarioEnd).hour() == hour) {
      scenarioEnd++;
    }
    hourRng.reset(ctx.hourSeed(day.toEpochDay(), hour));
  }

  private Piece writeEvent() {
    int every = spec.malformedEvery();
    if (every > 0 && good > 0 && good % every == 0 && malformed < good / every) {
      writeMalformed();
      return Piece.MALFORMED;
    }
    if (eventIndex >= hourCount && lateIndex >= latePlan.to(hour)) {
      return writeScenarioEvent(scenarioEvents.get(scenarioIndex++));
    }
    lastScenarioId = null;
    long eventSeed;
    int millis;
    if (eventIndex < hourCount) {
      double u = hourRng.nextDouble();
      eventSeed = hourRng.nextLong();
      millis = (int) Math.min((long) ((eventIndex + u) * 3_600_000.0 / hourCount), 3_599_999L);
      eventIndex++;
    } else {
      eventSeed = latePlan.eventSeed(ctx.key, day, lateIndex, lateRng);
      millis = latePlan.millisOf(lateIndex);
      lateIndex++;
    }
    buf.writeAscii(prefix());
    recordStart = buf.size();
    try {
      writer.write(gen, spec.shape(), eventSeed, date, hour, millis);
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a simulated event failed", e);
    }
    recordEnd = buf.size();
    if (spec.framing() == Framing.NDJSON) {
      buf.write('\n');
    }
    good++;
    return Piece.RECORD;
  }

  /** A scenario event: after the hour's regular and late events, in time order among themselves. */
  private Piece writeScenarioEvent(ScenarioEvent event) {
    buf.writeAscii(prefix());
    recordStart = buf.size();
    try {
      scenarioWriter.write(gen, spec.shape(), event, date);
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a scenario event failed", e);
    }
    recordEnd = buf.size();
    lastScenarioId = event.id();
    if (spec.framing() == Framing.NDJSON) {
      buf.write('\n');
    }
    good++;
    return Piece.RECORD;
  }

  private String prefix() {
    switch (spec.framing()) {
      case ARRAY:
        return good == 0 ? "[\n" : ",\n";
      case CONCATENATED:
        return good == 0 ? "" : SEPARATORS[framingRng.nextInt(SEPARATORS.length)];
      default:
        return "";
    }
  }

  private void writeMalformed() {
    malformed++;
    String record = String.format(java.util.Locale.ROOT, MALFORMED[(int) ((malformed - 1) % MALFORMED.length)],
        malformed);
    Framing framing = spec.framing();
    buf.writeAscii(framing == Framing.ARRAY ? ",\n" : framing == Framing.CONCATENATED ? "\n" : "");
    buf.write(record.getBytes(StandardCharsets.US_ASCII), 0, record.length());
    buf.writeAscii(framing == Framing.ARRAY ? "" : "\n");
  }

  private boolean writeClosing() {
    if (spec.framing() != Framing.ARRAY) {
      return false;
    }
    buf.writeAscii(good == 0 ? "[]\n" : "\n]\n");
    return true;
  }
}
