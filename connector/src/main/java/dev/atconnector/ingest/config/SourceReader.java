package dev.atconnector.ingest.config;

import static dev.atconnector.ingest.config.SourceKeys.ACCOUNT;
import static dev.atconnector.ingest.config.SourceKeys.END;
import static dev.atconnector.ingest.config.SourceKeys.ENDPOINT;
import static dev.atconnector.ingest.config.SourceKeys.HOUR;
import static dev.atconnector.ingest.config.SourceKeys.INDEX_PREFIX;
import static dev.atconnector.ingest.config.SourceKeys.NAME;
import static dev.atconnector.ingest.config.SourceKeys.REGION;
import static dev.atconnector.ingest.config.SourceKeys.SPACE;
import static dev.atconnector.ingest.config.SourceKeys.START;
import static dev.atconnector.ingest.config.SourceKeys.UAA_URL;
import static dev.atconnector.ingest.config.SourceKeys.WINDOW_DAYS;

import dev.atconnector.ingest.config.YamlTree.Entry;
import dev.atconnector.ingest.config.YamlTree.Mapping;
import dev.atconnector.ingest.model.IndexNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one item of {@code sources:} with the {@code defaults:} applied, checking each key on its own and then the
 * rules across keys. Problems go to the shared list as {@code file:line: path: what; what to do}; a source with any
 * problem gives null. Values of credential keys are never echoed.
 */
final class SourceReader {
  static final int MAX_WINDOW_DAYS = 15;

  private final SourcesContext ctx;
  private final Mapping item;
  private final String path;
  private final int problemsBefore;

  SourceReader(SourcesContext ctx, Mapping item, int index) {
    this.ctx = ctx;
    this.item = item;
    this.path = "sources[" + index + "]";
    this.problemsBefore = ctx.problems().size();
  }

  SourceDefinition read() {
    checkKeys();
    String name = name();
    Optional<Region> region = region();
    URI endpoint = endpoint(region);
    String space = text(SPACE).orElse(null);
    if (space == null && at(SPACE) == null) {
      missing(SPACE, "give the space GUID where Activity Tracker is provisioned (X-Auth-Project-Id)");
    } else if (space != null && !space.matches("[A-Za-z0-9._:-]{1,128}")) {
      problem(at(SPACE), "'" + ctx.echo(space) + "' is not a space GUID; give the GUID, like "
          + "c1234567-6d55-4193-a9de-378620d6fab5");
    }
    boolean account = bool(ACCOUNT);
    OptionalInt hour = integer(HOUR, 0, 23, "an hour of the day, 0-23 (UTC)")
        .map(OptionalInt::of).orElse(OptionalInt.empty());
    LocalDate start = date(START).orElse(null);
    if (start == null && at(START) == null) {
      missing(START, "give the first UTC day to ingest, YYYY-MM-DD");
    }
    Optional<LocalDate> end = end(start);
    String prefix = indexPrefix();
    int window = integer(WINDOW_DAYS, 1, MAX_WINDOW_DAYS, "days per session, 1-" + MAX_WINDOW_DAYS)
        .orElse(MAX_WINDOW_DAYS);
    CredentialRef credential = new Credentials(ctx, item, path).read();
    URI uaa = uaaUrl(region, endpoint);
    if (ctx.problems().size() > problemsBefore) {
      return null;
    }
    return new SourceDefinition(name, endpoint, uaa, space, account, start, end, hour, prefix, window, credential,
        ctx.file() + ":" + item.line() + ": " + path);
  }

  private void checkKeys() {
    for (Entry e : item.entries().values()) {
      if (!SourceKeys.SOURCE.contains(e.key())) {
        ctx.problems().add(ctx.file() + ":" + e.keyLine() + ": " + path + "." + e.key() + ": "
            + SourceKeys.unknown(e.key(), SourceKeys.SOURCE));
      }
    }
  }

  private String name() {
    Located located = at(NAME);
    Optional<String> name = located == null || located.fromDefaults() ? Optional.empty() : located.text(ctx);
    if (name.isEmpty()) {
      if (located == null || located.fromDefaults()) {
        missing(NAME, "give each source a unique name of lowercase letters, digits and '-'");
      }
      return null;
    }
    if (!name.get().matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      problem(at(NAME), "'" + ctx.echo(name.get()) + "' is not a valid name; use lowercase letters, digits and "
          + "'-' (at most 63, not starting or ending with '-'): it names the source in checkpoints and logs");
    }
    return name.get();
  }

  private Optional<Region> region() {
    Located region = at(REGION);
    if (region == null) {
      return Optional.empty();
    }
    Optional<String> text = text(REGION);
    Optional<Region> found = text.flatMap(Region::find);
    if (text.isPresent() && found.isEmpty()) {
      problem(region, "'" + ctx.echo(text.get()) + "' is not a region with Activity Tracker; use one of "
          + Region.names() + ", or give endpoint: URL instead");
    }
    return found;
  }

  private URI endpoint(Optional<Region> known) {
    Located endpoint = at(ENDPOINT);
    Located region = at(REGION);
    if (endpoint != null && region != null && endpoint.fromDefaults() == region.fromDefaults()) {
      problem(endpoint, "give either region or endpoint, not both");
      return null;
    }
    if (endpoint != null) {
      return text(ENDPOINT).map(v -> url(v, endpoint)).orElse(null);
    }
    if (region == null) {
      missing(REGION, "give region (" + Region.names() + ") or endpoint: URL, here or under defaults");
      return null;
    }
    return known.map(Region::endpoint).orElse(null);
  }

  private URI uaaUrl(Optional<Region> known, URI endpoint) {
    Located uaa = at(UAA_URL);
    if (uaa != null) {
      return text(UAA_URL).map(v -> url(v, uaa)).orElse(null);
    }
    if (known.isPresent() && at(ENDPOINT) == null) {
      return known.get().uaaUrl();
    }
    return endpoint == null ? null : Settings.uaaUrl(null, endpoint);
  }

  private Optional<LocalDate> end(LocalDate start) {
    Located end = at(END);
    Optional<String> text = text(END);
    if (end == null || text.isEmpty() || text.get().equalsIgnoreCase("today")) {
      return Optional.empty();
    }
    Optional<LocalDate> day = date(END);
    if (day.isPresent() && day.get().isAfter(ctx.today())) {
      problem(end, day.get() + " is after today (" + ctx.today() + "); write end: today to keep up with new days");
    } else if (day.isPresent() && start != null && day.get().isBefore(start)) {
      problem(end, day.get() + " is before start " + start + "; give an end on or after the start");
    }
    return day;
  }

  private String indexPrefix() {
    String prefix = text(INDEX_PREFIX).orElse(IndexNames.DEFAULT_PREFIX);
    if (!prefix.equals(prefix.toLowerCase(Locale.ROOT)) || prefix.matches(".*[\\\\/*?\"<>| ,#:].*")
        || prefix.startsWith("_") || prefix.startsWith("-") || prefix.startsWith("+") || prefix.length() > 200) {
      problem(at(INDEX_PREFIX), "'" + ctx.echo(prefix) + "' is not a valid Elasticsearch index prefix; use "
          + "lowercase letters, digits, '-', '_' or '.', not starting with '-', '_' or '+'");
    }
    return prefix;
  }

  private Optional<LocalDate> date(String key) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      LocalDate day = LocalDate.parse(text.get());
      if (key.equals(START) && day.isAfter(ctx.today())) {
        problem(at(key), day + " is in the future (today is " + ctx.today() + "); give a day that has events");
      }
      return Optional.of(day);
    } catch (DateTimeException e) {
      problem(at(key), "'" + ctx.echo(text.get()) + "' is not a date; use YYYY-MM-DD (a UTC day), e.g. 2018-06-28"
          + (key.equals(END) ? ", or today" : ""));
      return Optional.empty();
    }
  }

  private boolean bool(String key) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return false;
    }
    String v = text.get().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      problem(at(key), "'" + ctx.echo(text.get()) + "' must be true or false");
      return false;
    }
    return Boolean.parseBoolean(v);
  }

  private Optional<Integer> integer(String key, int min, int max, String what) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("\\d{1,9}") || Integer.parseInt(text.get()) < min || Integer.parseInt(text.get()) > max) {
      problem(at(key), "'" + ctx.echo(text.get()) + "' must be " + what);
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(text.get()));
  }

  private URI url(String value, Located where) {
    try {
      return Settings.httpUrl(value, where.path());
    } catch (ConfigException e) {
      problem(where, "'" + ctx.echo(value) + "' is not an http(s) URL like https://activity-tracker.ng.bluemix.net"
          + " (without credentials in it)");
      return null;
    }
  }

  /** The key's value: the source's own, else the defaults' (groups replace as a whole, see SourceKeys). */
  private Located at(String key) {
    return Located.find(ctx, item, path, key);
  }

  private Optional<String> text(String key) {
    Located located = at(key);
    return located == null ? Optional.empty() : located.text(ctx);
  }

  private void missing(String key, String hint) {
    ctx.problems().add(ctx.file() + ":" + item.line() + ": " + path + "." + key + ": missing; " + hint);
  }

  private void problem(Located where, String message) {
    ctx.problems().add(where.where(ctx) + ": " + message);
  }

  /** Shared by the readers of one file. */
  record SourcesContext(String file, Path baseDir, LocalDate today, Mapping defaults, List<String> problems) {
    SourcesContext(String file, Path baseDir, LocalDate today, Mapping defaults) {
      this(file, baseDir, today, defaults, new ArrayList<>());
    }

    /** A value shown back in a message, shortened. */
    String echo(String value) {
      return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }
  }
}
