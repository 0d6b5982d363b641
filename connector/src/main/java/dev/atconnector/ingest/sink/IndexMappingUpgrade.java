package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the mapping of event indices that already exist up to the shipped {@code @mappings} version, so a month
 * index created by an older template takes the new document with the same field types as a new index.
 *
 * <p>A template only shapes indices created after it: without this, the month being written when a user upgrades
 * keeps the old mapping, and the new document's fields there are either unindexed (inside the old ECS objects,
 * which were {@code dynamic: false}) or dynamically mapped with the wrong type ({@code destination.ip} as keyword,
 * {@code ibmcloud.activity_tracker.request_data} as an object with one field per payload key). Adding fields to a
 * mapping is allowed on a live index, so each open index of the prefix whose mapping {@code _meta} says an older
 * version (or none) gets the shipped mappings PUT onto it. Old fields stay (their documents keep them); a field the
 * index already maps with another type keeps that type, is left out of the update and named in the report
 * ({@code DEGRADED}); an index Elasticsearch will not change (read-only) is {@code SKIPPED} with the reason.
 */
final class IndexMappingUpgrade {
  static final String KIND = "index";
  /** The kind of the entry of a data stream whose backing indices got the shipped mappings. */
  static final String DATA_STREAM = "data_stream";
  private static final Pattern GENERATION = Pattern.compile("-(\\d{6,})$");
  /** The key in a mapping's {@code _meta} (and in the template's) holding the template version it was made from. */
  static final String VERSION_KEY = "template_version";
  private static final int MAX_STEPS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The messages Elasticsearch gives when a field is already mapped differently; group 1 names the field. */
  private static final List<Pattern> CONFLICTS = List.of(
      Pattern.compile("mapper \\[([^\\]]+)\\] cannot be changed from type"),
      Pattern.compile("Mapper for \\[([^\\]]+)\\] conflicts with existing mapper"),
      Pattern.compile("can't merge a (?:non object|non-nested|nested|object) mapping \\[([^\\]]+)\\]"));

  private IndexMappingUpgrade() {}

  /**
   * Updates every open event index of {@code prefix} whose mapping is older than {@code mappingsTemplate} (the
   * {@code @mappings} component template body; its {@code template.mappings} is what is PUT).
   *
   * @return one entry per index changed or not changeable; none for indices already current
   */
  static List<Entry> upgrade(ElasticsearchClient client, String prefix, ObjectNode mappingsTemplate) {
    long shipped = TemplateFiles.version(mappingsTemplate);
    JsonNode mappings = mappingsTemplate.path("template").path("mappings");
    if (!(mappings instanceof ObjectNode shippedMappings) || shipped == 0) {
      throw new IllegalStateException("the @mappings template has no version or no template.mappings");
    }
    List<Entry> entries = new ArrayList<>();
    String months = IndexNames.allMonths(prefix);
    Map<String, Older> older;
    try {
      older = olderIndices(client, prefix, shipped);
    } catch (ElasticsearchException e) {
      if (e.status() != 401 && e.status() != 403) {
        throw new TemplateInstallException("Elasticsearch refused to show the mappings of " + months + " (HTTP "
            + e.status() + "): " + IndexTemplates.describe(e), e);
      }
      // templates installed; only the existing indices could not be looked at: say so, do not stop the connector
      return List.of(new Entry(KIND, months, Outcome.SKIPPED, "existing indices not checked for older"
          + " mappings: HTTP " + e.status() + " (grant view_index_metadata and manage on " + prefix + "*, or run"
          + " setup as a user who has them): " + IndexTemplates.describe(e)));
    } catch (JsonpMappingException e) {
      // a mapping this client cannot read (e.g. a plugin's field type): the templates are in place, go on
      return List.of(new Entry(KIND, months, Outcome.SKIPPED, "existing indices not checked for older"
          + " mappings: their mappings could not be read (" + e.getMessage() + ")"));
    }
    for (Map.Entry<String, Older> index : older.entrySet()) {
      ObjectNode body = shippedMappings.deepCopy();
      body.set("_meta", index.getValue().meta());
      entries.add(put(client, index.getKey(), body, index.getValue().version(), shipped));
    }
    return entries;
  }

  /**
   * Brings the backing indices of the data stream {@code dataStream}, when it exists, up to the shipped
   * {@code @mappings}: when one of them maps an older version, or {@code templateWritten} (the stream's template or
   * its mappings were just written, e.g. with {@code --force}), the shipped mappings are PUT on the data stream
   * ({@code PUT <data-stream>/_mapping} applies to every backing index), additively. A field some backing index maps
   * with another type keeps that type there, is left out and named: the shipped type takes effect at the next
   * rollover, when the new write index is made from the template.
   *
   * @return the data stream's entry; none when it does not exist or is already current
   */
  static List<Entry> upgradeDataStream(ElasticsearchClient client, String dataStream, ObjectNode mappingsTemplate,
      boolean templateWritten) {
    long shipped = TemplateFiles.version(mappingsTemplate);
    if (!(mappingsTemplate.path("template").path("mappings") instanceof ObjectNode shippedMappings)
        || shipped == 0) {
      throw new IllegalStateException("the @mappings template has no version or no template.mappings");
    }
    Map<String, IndexMappingRecord> found;
    try {
      found = client.indices().getMapping(b -> b.index(dataStream).allowNoIndices(true).ignoreUnavailable(true))
          .result();
    } catch (ElasticsearchException e) {
      return List.of(new Entry(DATA_STREAM, dataStream, Outcome.SKIPPED, "mappings not checked: HTTP " + e.status()
          + " (grant view_index_metadata and manage on " + dataStream + "): " + IndexTemplates.describe(e)
          + "; the new mappings take effect at the next rollover"));
    } catch (JsonpMappingException e) {
      return List.of(new Entry(DATA_STREAM, dataStream, Outcome.SKIPPED, "mappings not checked: they could not be"
          + " read (" + e.getMessage() + "); the new mappings take effect at the next rollover"));
    } catch (IOException e) {
      throw new TemplateInstallException("cannot read the mappings of data stream " + dataStream + ": Elasticsearch"
          + " did not answer (" + e + "); check the Elasticsearch URL and that the cluster is up", e);
    }
    if (found.isEmpty()) {
      return List.of(); // not created yet: its first event makes it from the template
    }
    long oldest = Long.MAX_VALUE;
    ObjectNode meta = JSON.createObjectNode();
    String writeIndex = null;
    for (Map.Entry<String, IndexMappingRecord> index : new TreeMap<>(found).entrySet()) {
      ObjectNode m = meta(index.getValue());
      oldest = Math.min(oldest, m.path(VERSION_KEY).asLong(0));
      if (writeIndex == null || generation(index.getKey()) > generation(writeIndex)) {
        writeIndex = index.getKey();
        meta = m; // the newest backing index's _meta (a user's keys from @custom) is the one kept
      }
    }
    if (oldest >= shipped && !templateWritten || meta.path(VERSION_KEY).asLong(0) > shipped) {
      return List.of(); // current, or made by a newer connector: never downgraded
    }
    meta.put("managed_by", "at-connector");
    meta.put(VERSION_KEY, shipped);
    ObjectNode body = shippedMappings.deepCopy();
    body.set("_meta", meta);
    return List.of(put(client, DATA_STREAM, dataStream, body, oldest, shipped,
        "the shipped type takes effect at the next rollover"));
  }

  /** The generation of a backing index {@code .ds-<stream>-<date>-000002} (0 when the name has none). */
  static long generation(String backingIndex) {
    Matcher m = GENERATION.matcher(backingIndex);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static ObjectNode meta(IndexMappingRecord record) {
    TypeMapping mapping = record.mappings();
    ObjectNode meta = JSON.createObjectNode();
    if (mapping != null && mapping.meta() != null) {
      mapping.meta().forEach((k, v) -> meta.set(k, toJson(v)));
    }
    return meta;
  }

  /** An index to update: its mapping's version (0: none), and the {@code _meta} its update must carry. */
  private record Older(long version, ObjectNode meta) {}

  /** Open indices of the prefix with an older mapping version. */
  private static Map<String, Older> olderIndices(ElasticsearchClient client, String prefix, long shipped) {
    String months = IndexNames.allMonths(prefix);
    Map<String, IndexMappingRecord> found;
    try {
      found = client.indices().getMapping(b -> b.index(months).expandWildcards(ExpandWildcard.Open)
          .allowNoIndices(true).ignoreUnavailable(true)).result();
    } catch (IOException e) {
      throw new TemplateInstallException("cannot read the mappings of " + months + ": Elasticsearch did not"
          + " answer (" + e + "); check the Elasticsearch URL and that the cluster is up", e);
    }
    Map<String, Older> older = new TreeMap<>();
    found.forEach((name, record) -> {
      // the index's own _meta (e.g. a user's, from @custom) is kept: a PUT replaces _meta as a whole
      ObjectNode meta = meta(record);
      long have = meta.path(VERSION_KEY).asLong(0);
      if (have < shipped) {
        meta.put("managed_by", "at-connector");
        meta.put(VERSION_KEY, shipped);
        older.put(name, new Older(have, meta));
      }
    });
    return older;
  }

  private static JsonNode toJson(JsonData value) {
    try {
      return JSON.readTree(value.toJson().toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read a mapping _meta value", e);
    }
  }

  /** PUTs {@code body} onto {@code index}, leaving out each field the index already maps otherwise. */
  private static Entry put(ElasticsearchClient client, String index, ObjectNode body, long from, long to) {
    return put(client, KIND, index, body, from, to, "reindex to change it");
  }

  /**
   * PUTs {@code body} onto {@code index} (an index or a data stream, {@code kind}), leaving out each field it
   * already maps otherwise; {@code keptNote} says what becomes of those.
   */
  private static Entry put(ElasticsearchClient client, String kind, String index, ObjectNode body, long from,
      long to, String keptNote) {
    List<String> keptOld = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    String done = from == to ? "mapping of version " + to + " written again (its template was written)"
        : "mapping " + version(from) + " updated to version " + to;
    for (int step = 0; ; step++) {
      try {
        client.indices().putMapping(b -> b.index(index).withJson(new StringReader(TemplateFiles.write(body))));
        if (keptOld.isEmpty() && degraded.isEmpty()) {
          return new Entry(kind, index, Outcome.UPDATED, done);
        }
        List<String> notes = new ArrayList<>(degraded);
        if (!keptOld.isEmpty()) {
          notes.add("kept the " + (kind.equals(KIND) ? "index's" : "existing backing indices'") + " own type for "
              + String.join(", ", keptOld) + " (" + keptNote + ")");
        }
        return new Entry(kind, index, Outcome.DEGRADED, done + "; " + String.join("; ", notes));
      } catch (ElasticsearchException e) {
        String reason = IndexTemplates.describe(e);
        if (step >= MAX_STEPS) {
          return skipped(kind, index, from, "gave up after " + MAX_STEPS + " conflicting fields; last: " + reason);
        }
        Optional<String> degrade = TemplateDegrader.degrade(body, reason);
        if (degrade.isPresent()) {
          degraded.add(degrade.get());
          continue;
        }
        Optional<String> conflict = conflictingField(reason);
        if (conflict.isPresent() && remove(body, conflict.get())) {
          keptOld.add(conflict.get());
          continue;
        }
        return skipped(kind, index, from, e.status() == 403 && reason.contains("cluster_block_exception")
            ? "read-only, takes no new documents: " + reason : "Elasticsearch refused (HTTP " + e.status()
                + "): " + reason + (kind.equals(KIND) ? "" : "; the new mappings take effect at the next rollover"));
      } catch (IOException e) {
        throw new TemplateInstallException("cannot update the mapping of " + kind.replace('_', ' ') + " [" + index
            + "]: Elasticsearch"
            + " did not answer (" + e + "); check the Elasticsearch URL and that the cluster is up", e);
      }
    }
  }

  private static Entry skipped(String kind, String index, long from, String why) {
    return new Entry(kind, index, Outcome.SKIPPED, "not updated, mapping still " + version(from) + ": " + why);
  }

  /** Mappings made before template version 3 carry no version in their {@code _meta}. */
  private static String version(long v) {
    return v == 0 ? "of template version 2 or older" : "of version " + v;
  }

  static Optional<String> conflictingField(String reason) {
    for (Pattern p : CONFLICTS) {
      Matcher m = p.matcher(reason);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** Removes the mapping of dotted {@code field} (a field, an object or a multi-field) from a mappings body. */
  static boolean remove(ObjectNode mappings, String field) {
    String[] parts = field.split("\\.");
    ObjectNode node = mappings;
    for (int i = 0; i < parts.length; i++) {
      String rest = String.join(".", List.of(parts).subList(i, parts.length));
      if (node.path("properties").path(rest) instanceof ObjectNode) { // a dotted name mapped as one
        ((ObjectNode) node.get("properties")).remove(rest);
        return true;
      }
      JsonNode next = node.path("properties").path(parts[i]);
      if (!(next instanceof ObjectNode)) {
        next = node.path("fields").path(parts[i]);
        if (next instanceof ObjectNode && i == parts.length - 1) {
          ((ObjectNode) node.get("fields")).remove(parts[i]);
          return true;
        }
        return false;
      }
      node = (ObjectNode) next;
    }
    return false;
  }
}
