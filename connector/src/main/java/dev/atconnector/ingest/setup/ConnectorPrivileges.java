package dev.atconnector.ingest.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one list of what the connector's Elasticsearch credential must be allowed, from the requests its commands
 * send. It drives the README's privilege table (a test compares them), {@code setup --print-role} and
 * {@code setup --create-role}, and the secured-cluster tests, which run every command as a user holding exactly this
 * role, and with each grant taken away.
 */
public final class ConnectorPrivileges {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The role name {@code setup --print-role} suggests. */
  public static final String DEFAULT_ROLE = "at-connector";

  private ConnectorPrivileges() {}

  /** What a grant applies to. */
  public enum Target {
    CLUSTER("cluster"),
    EVENTS("indices `<prefix>*` (events, dead letters)"),
    DATA_STREAM("the data stream `logs-ibmcloud.activity_tracker-*`"),
    CHECKPOINTS("the checkpoint index"),
    SETUP_RECORD("the index `at-connector-setup`");

    final String where;

    Target(String where) {
      this.where = where;
    }
  }

  /**
   * One row of the table.
   *
   * @param optional the commands work without it (with a warning)
   * @param commands the commands that send the requests
   * @param purpose the requests it allows
   */
  public record Grant(Target target, List<String> privileges, boolean optional, String commands, String purpose) {
    public Grant {
      privileges = List.copyOf(privileges);
    }
  }

  /** Every grant, in table order. */
  public static final List<Grant> GRANTS = List.of(
      new Grant(Target.CLUSTER, List.of("monitor"), false, "`ingest`, `setup`",
          "the health and version check at start"),
      new Grant(Target.CLUSTER, List.of("manage_index_templates"), false, "`setup`, `ingest`",
          "installing the index templates (not with `ingest --no-templates`)"),
      new Grant(Target.CLUSTER, List.of("manage_ilm"), true, "`setup`, `ingest`",
          "the ILM policy; without it (or without ILM) the policy is skipped with a warning"),
      new Grant(Target.EVENTS, List.of("create_doc", "create_index"), false, "`ingest`, `dead-letter replay`",
          "bulk `create`; a month's first event creates its index"),
      new Grant(Target.EVENTS, List.of("read", "maintenance", "delete"), false,
          "`ingest`, `dead-letter list`, `dead-letter replay`",
          "taking back what a damaged or killed download stored (refresh, point in time, delete); reading and "
              + "removing dead letters"),
      new Grant(Target.EVENTS, List.of("index"), false, "`dead-letter replay`",
          "rewriting a dead letter that still fails (conditional write)"),
      new Grant(Target.DATA_STREAM, List.of("create_doc", "auto_configure"), false, "`ingest`, `dead-letter replay`",
          "bulk `create` into the data stream (`--destination data-stream`, the default); its first event creates it"),
      new Grant(Target.DATA_STREAM, List.of("read", "maintenance", "delete"), false, "`ingest`, `dead-letter replay`",
          "a re-read (`--reread`, a window resumed after a kill) looks up which `_id`s its backing indices hold "
              + "(refresh, search); taking back what a damaged or killed download stored (point in time, delete), "
              + "in any backing index"),
      new Grant(Target.CHECKPOINTS, List.of("read", "index", "create_index", "view_index_metadata"), false,
          "`ingest`, `checkpoints`", "checkpoints and leases (conditional writes; the index is created if missing)"),
      // proven by SecuredClusterIT: without it Elasticsearch drops the refresh silently (ignore_unavailable)
      new Grant(Target.CHECKPOINTS, List.of("maintenance"), true, "`checkpoints`",
          "a refresh first, so the list shows writes of the last second; without it the refresh is skipped"),
      new Grant(Target.SETUP_RECORD, List.of("read", "index", "create_index"), false, "`setup --kibana-url`",
          "what setup imported into Kibana, so that objects you edited there are kept"));

  /** The role descriptor for an index prefix and checkpoint index, as {@code PUT _security/role/NAME} takes it. */
  public static Role role(String indexPrefix, String checkpointIndex) {
    Objects.requireNonNull(indexPrefix, "indexPrefix");
    Objects.requireNonNull(checkpointIndex, "checkpointIndex");
    Set<String> cluster = new LinkedHashSet<>();
    Map<String, Set<String>> indices = new LinkedHashMap<>();
    for (Grant g : GRANTS) {
      switch (g.target()) {
        case CLUSTER -> cluster.addAll(g.privileges());
        case EVENTS -> indices.computeIfAbsent(indexPrefix + "*", k -> new LinkedHashSet<>()).addAll(g.privileges());
        case DATA_STREAM -> indices.computeIfAbsent(Destination.ALL_STREAMS,
            k -> new LinkedHashSet<>()).addAll(g.privileges());
        case CHECKPOINTS -> indices.computeIfAbsent(checkpointIndex, k -> new LinkedHashSet<>())
            .addAll(g.privileges());
        case SETUP_RECORD -> indices.computeIfAbsent(EsLedger.INDEX, k -> new LinkedHashSet<>())
            .addAll(g.privileges());
      }
    }
    return new Role(List.copyOf(cluster), copy(indices));
  }

  /** The README table (markdown, one row per grant). */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| where | privileges | commands | for |\n|---|---|---|---|\n");
    for (Grant g : GRANTS) {
      b.append("| ").append(g.target().where).append(" | ")
          .append(String.join(", ", g.privileges().stream().map(p -> "`" + p + "`").toList()))
          .append(g.optional() ? " (optional)" : "").append(" | ").append(g.commands()).append(" | ")
          .append(g.purpose()).append(" |\n");
    }
    return b.toString();
  }

  private static Map<String, List<String>> copy(Map<String, Set<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /**
   * A role descriptor: cluster privileges and index privileges by index name or pattern.
   *
   * @param indices index name or pattern → privileges, in order
   */
  public record Role(List<String> cluster, Map<String, List<String>> indices) {
    public Role {
      cluster = List.copyOf(cluster);
      indices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indices));
    }

    /** This role without {@code privilege} (a cluster privilege when {@code index} is null), for tests. */
    public Role without(String index, String privilege) {
      if (index == null) {
        return new Role(cluster.stream().filter(p -> !p.equals(privilege)).toList(), indices);
      }
      Map<String, List<String>> copy = new LinkedHashMap<>(indices);
      copy.computeIfPresent(index, (k, v) -> v.stream().filter(p -> !p.equals(privilege)).toList());
      return new Role(cluster, copy);
    }

    /** {@code {"cluster":[...],"indices":[{"names":[...],"privileges":[...]}]}}. */
    public ObjectNode toJson() {
      ObjectNode role = JSON.createObjectNode();
      cluster.forEach(role.putArray("cluster")::add);
      ArrayNode list = role.putArray("indices");
      indices.forEach((names, privileges) -> {
        ObjectNode entry = list.addObject();
        entry.putArray("names").add(names);
        privileges.forEach(entry.putArray("privileges")::add);
      });
      return role;
    }

    /** The body of {@code POST _security/api_key} for an API key limited to this role. */
    public ObjectNode apiKeyRequest(String keyName) {
      ObjectNode body = JSON.createObjectNode().put("name", keyName);
      body.putObject("role_descriptors").set(keyName, toJson());
      return body;
    }

    /** Every privilege with where it applies, e.g. {@code cluster:monitor}, {@code it-*:read}. */
    public List<String> all() {
      List<String> out = new ArrayList<>();
      cluster.forEach(p -> out.add("cluster:" + p));
      indices.forEach((names, privileges) -> privileges.forEach(p -> out.add(names + ":" + p)));
      return out;
    }
  }
}
