package dev.atconnector.ingest.config;

import dev.atconnector.ingest.config.SourceReader.SourcesContext;
import dev.atconnector.ingest.config.YamlTree.Entry;
import dev.atconnector.ingest.config.YamlTree.Mapping;
import dev.atconnector.ingest.config.YamlTree.Scalar;
import java.util.List;
import java.util.Optional;

/**
 * A key's value as one source sees it, with where it was written: the source's own entry, or the defaults' one.
 * Keys of a group ({@link SourceKeys#LOCATION}, {@link SourceKeys#CREDENTIAL}) replace the defaults' as a group, so a
 * source with its own {@code endpoint} does not also inherit a default {@code region}.
 *
 * @param entry the key and value as written
 * @param path {@code sources[i].key} or {@code defaults.key}
 * @param fromDefaults true if the value comes from {@code defaults:}
 */
record Located(Entry entry, String path, boolean fromDefaults) {

  /** The value of {@code key} for the source {@code item} (at {@code itemPath}), or null if neither gives it. */
  static Located find(SourcesContext ctx, Mapping item, String itemPath, String key) {
    Entry own = item.entries().get(key);
    if (own != null) {
      return new Located(own, itemPath + "." + key, false);
    }
    Mapping defaults = ctx.defaults();
    if (defaults == null || ownsGroupOf(item, key)) {
      return null;
    }
    Entry inherited = defaults.entries().get(key);
    return inherited == null ? null : new Located(inherited, "defaults." + key, true);
  }

  private static boolean ownsGroupOf(Mapping item, String key) {
    for (List<String> group : List.of(SourceKeys.LOCATION, SourceKeys.CREDENTIAL)) {
      if (group.contains(key) && group.stream().anyMatch(item.entries()::containsKey)) {
        return true;
      }
    }
    return false;
  }

  int line() {
    return entry.keyLine();
  }

  /** {@code file:line: path}, the start of every message about this value. */
  String where(SourcesContext ctx) {
    return ctx.file() + ":" + line() + ": " + path;
  }

  /** The value as text, or empty after recording why it is not a usable single value. */
  Optional<String> text(SourcesContext ctx) {
    if (!(entry.value() instanceof Scalar scalar)) {
      ctx.problems().add(where(ctx) + ": must be a single value, not a "
          + (entry.value() instanceof Mapping ? "mapping" : "list"));
      return Optional.empty();
    }
    if (scalar.isNull() || scalar.text().isBlank()) {
      ctx.problems().add(where(ctx) + ": empty; give a value or remove the key");
      return Optional.empty();
    }
    return Optional.of(scalar.text().strip());
  }
}
