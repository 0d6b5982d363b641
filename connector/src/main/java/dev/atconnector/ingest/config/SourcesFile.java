package dev.atconnector.ingest.config;

import dev.atconnector.ingest.config.SourceReader.SourcesContext;
import dev.atconnector.ingest.config.YamlTree.Entry;
import dev.atconnector.ingest.config.YamlTree.Mapping;
import dev.atconnector.ingest.config.YamlTree.Node;
import dev.atconnector.ingest.config.YamlTree.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sources file of {@code at-connector ingest --config FILE}: several Activity Tracker sources, run concurrently.
 * Sample: {@code config/sources.example.yml}.
 *
 * <pre>{@code
 * defaults:                      # optional: any source key except name
 *   region: us-south             # us-south | eu-gb | eu-de | au-syd, or instead
 *   # endpoint: https://...     #   the API base URL (a source's own region/endpoint replaces both defaults)
 *   # uaa_url: https://...      # token endpoint for API keys (default: the region's login host)
 *   token_env: AT_TOKEN          # credential by reference only, exactly one of:
 *                                #   token_env, token_file, api_key_env, api_key_file
 *   window_days: 15              # days per session, 1-15
 *   index_prefix: activity-tracker-
 * sources:
 *   - name: prod-space           # required, unique, [a-z0-9-]
 *     space: c1234567-6d55-4193-a9de-378620d6fab5   # required, the space GUID
 *     account: false             # true: the account's events (AtAccountLevel)
 *     start: 2017-01-01          # required, first UTC day
 *     end: today                 # a day YYYY-MM-DD, or today (the default)
 *     hour: 9                    # optional: only this UTC hour of each day
 * }</pre>
 *
 * <p>Every problem is reported, all at once, as {@code file:line: key path: what is wrong; what to do}: unknown keys
 * (with the nearest known key), missing or malformed values, bad dates and ranges, unknown regions, duplicate names,
 * two sources with the same endpoint, space and account level, and credentials written inline (refused: config
 * files get committed). Relative {@code *_file} paths are relative to the sources file's folder.
 *
 * @param file the file name as given, used in messages
 * @param sources the sources in file order
 */
public record SourcesFile(String file, List<SourceDefinition> sources) {
  /** Larger files are refused before parsing: a sources file is a few lines per source. */
  static final long MAX_BYTES = 1024 * 1024;

  public SourcesFile {
    sources = List.copyOf(sources);
  }

  /** Reads and validates the file; {@code today} decides {@code end: today} and future dates. */
  public static SourcesFile load(Path path, LocalDate today) {
    String name = path.toString();
    String text;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new SourcesFileException(List.of(name + ": larger than " + MAX_BYTES + " bytes; is it the right "
            + "file? A sources file holds a few lines per source"));
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SourcesFileException(List.of(name + ": cannot be read (" + e.getClass().getSimpleName()
          + "); check the path given to --config"));
    }
    Path parent = path.toAbsolutePath().getParent();
    return parse(text, name, parent == null ? Path.of("") : parent, today);
  }

  /** Parses and validates text; {@code baseDir} resolves relative {@code *_file} paths. */
  public static SourcesFile parse(String text, String file, Path baseDir, LocalDate today) {
    Node root = YamlTree.parse(text, file);
    if (root == null) {
      throw new SourcesFileException(List.of(file + ": empty; list the sources under 'sources:' "
          + "(see config/sources.example.yml)"));
    }
    if (!(root instanceof Mapping top)) {
      throw new SourcesFileException(List.of(file + ":" + root.line() + ": the top level must be a mapping with "
          + "'sources:' (and optionally 'defaults:'); see config/sources.example.yml"));
    }
    List<String> problems = new ArrayList<>();
    for (Entry e : top.entries().values()) {
      if (!SourceKeys.TOP_LEVEL.contains(e.key())) {
        problems.add(file + ":" + e.keyLine() + ": " + e.key() + ": " + SourceKeys.unknown(e.key(),
            SourceKeys.TOP_LEVEL));
      }
    }
    SourcesContext ctx = new SourcesContext(file, baseDir, today, defaults(top, file, problems), problems);
    List<SourceDefinition> sources = sources(top, ctx);
    if (!problems.isEmpty()) {
      throw new SourcesFileException(new ArrayList<>(new LinkedHashSet<>(problems)));
    }
    return new SourcesFile(file, sources);
  }

  /** The source of that name. */
  public Optional<SourceDefinition> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static Mapping defaults(Mapping top, String file, List<String> problems) {
    Entry entry = top.entries().get("defaults");
    if (entry == null) {
      return null;
    }
    if (!(entry.value() instanceof Mapping defaults)) {
      problems.add(file + ":" + entry.keyLine() + ": defaults: must be a mapping of source keys, like "
          + "'region: us-south'");
      return null;
    }
    for (Entry e : defaults.entries().values()) {
      if (e.key().equals(SourceKeys.NAME)) {
        problems.add(file + ":" + e.keyLine() + ": defaults.name: a name belongs to one source; remove it from "
            + "defaults");
      } else if (!SourceKeys.SOURCE.contains(e.key())) {
        problems.add(file + ":" + e.keyLine() + ": defaults." + e.key() + ": "
            + SourceKeys.unknown(e.key(), SourceKeys.SOURCE));
      }
    }
    return defaults;
  }

  private static List<SourceDefinition> sources(Mapping top, SourcesContext ctx) {
    Entry entry = top.entries().get("sources");
    if (entry == null) {
      ctx.problems().add(ctx.file() + ":" + top.line() + ": sources: missing; list the sources to ingest under "
          + "'sources:', each with at least name, space, start and a credential reference");
      return List.of();
    }
    if (!(entry.value() instanceof Sequence list) || list.items().isEmpty()) {
      ctx.problems().add(ctx.file() + ":" + entry.keyLine() + ": sources: must be a non-empty list of sources "
          + "('- name: ...' items)");
      return List.of();
    }
    List<SourceDefinition> sources = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      if (!(item instanceof Mapping source)) {
        ctx.problems().add(ctx.file() + ":" + item.line() + ": sources[" + i + "]: must be a mapping of source "
            + "keys ('name: ...', 'space: ...')");
        continue;
      }
      SourceDefinition read = new SourceReader(ctx, source, i).read();
      if (read != null) {
        sources.add(read);
      }
    }
    checkDuplicates(sources, ctx.problems());
    return sources;
  }

  private static void checkDuplicates(List<SourceDefinition> sources, List<String> problems) {
    Map<String, SourceDefinition> names = new HashMap<>();
    Map<String, SourceDefinition> scopes = new HashMap<>();
    for (SourceDefinition s : sources) {
      SourceDefinition sameName = names.putIfAbsent(s.name(), s);
      if (sameName != null) {
        problems.add(s.origin() + ".name: '" + s.name() + "' is already the name of " + sameName.origin()
            + "; names must be unique");
      }
      SourceDefinition sameScope = scopes.putIfAbsent(s.sessionPool() + " " + s.accountLevel(), s);
      if (sameScope != null) {
        problems.add(s.origin() + ": reads the same events as '" + sameScope.name() + "' (" + sameScope.origin()
            + "): same endpoint, space and account level; remove one of them");
      }
    }
  }
}
