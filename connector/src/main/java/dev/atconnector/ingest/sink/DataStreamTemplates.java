package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the index template of the data streams {@code logs-ibmcloud.activity_tracker-*}, shaped like an Elastic
 * integration's: {@code data_stream: {}}, priority 200 (above the built-in {@code logs} template's 100), composed of
 * the cluster's {@code logs@settings} and {@code logs@mappings} where present, the connector's own components
 * ({@code @settings}, {@code @mappings} of template version 3, {@code @data_stream}), a lifecycle, then the
 * {@code logs@custom} and {@code logs-ibmcloud.activity_tracker@custom} hooks; {@code _meta.managed: true}.
 *
 * <p>Lifecycle: where ILM answers, the policy {@code logs-ibmcloud.activity_tracker} (rollover at 30 days or 50 GB
 * per primary shard, a delete phase only with a retention) attached by the {@code @lifecycle} component; where it
 * does not, the data stream lifecycle in the template ({@code data_retention} when given); where neither exists,
 * no lifecycle, with a warning. Upgrade rules as for {@link IndexTemplates}: a managed resource is written when
 * absent or older than the shipped version (or with {@code force}); the policy and the hooks are the user's.
 *
 * <p>For an existing data stream (the destination's), an install also brings what a template change alone would
 * leave to the next rollover: the shipped mappings onto its backing indices, and a changed {@code --retention}
 * onto the ILM policy's delete phase, the template's and the stream's data stream lifecycle
 * ({@link RetentionUpdate}).
 */
public final class DataStreamTemplates {
  /** The base name of every resource: the index template's, its components' prefix, the ILM policy's. */
  public static final String NAME = Destination.STREAM_BASE;
  private static final String PREFIX = NAME + "-";
  private static final Pattern RETENTION = Pattern.compile("[1-9][0-9]{0,5}(d|h|m|s)");
  private static final Logger LOG = LoggerFactory.getLogger(DataStreamTemplates.class);

  private DataStreamTemplates() {}

  /**
   * Checks a retention such as {@code 400d}.
   *
   * @throws IllegalArgumentException naming the value and the form expected
   */
  public static String checkRetention(String retention) {
    if (retention == null || !RETENTION.matcher(retention).matches()) {
      throw new IllegalArgumentException("retention '" + retention + "' is not a duration Elasticsearch takes here:"
          + " a whole number of days, hours, minutes or seconds such as 400d, 72h");
    }
    return retention;
  }

  /**
   * Installs (or refreshes) the data stream template and its components.
   *
   * @param retention how long events are kept (ILM delete phase or data stream lifecycle); empty: forever
   * @throws TemplateInstallException when Elasticsearch refuses a resource or cannot be reached
   */
  public static List<Entry> install(ElasticsearchClient client, Optional<String> retention, boolean force) {
    return install(client, Optional.empty(), retention, force);
  }

  /**
   * As {@link #install(ElasticsearchClient, Optional, boolean)} for the destination {@code stream}, which may exist
   * already: its backing indices get the shipped mappings when theirs are older or the template was just written
   * ({@link IndexMappingUpgrade#upgradeDataStream}), and its lifecycle the given retention
   * ({@link RetentionUpdate}), so neither waits for a rollover or {@code --force}.
   */
  public static List<Entry> install(ElasticsearchClient client, Destination.DataStream stream, boolean force) {
    return install(client, Optional.of(stream), stream.retention(), force);
  }

  private static List<Entry> install(ElasticsearchClient client, Optional<Destination.DataStream> stream,
      Optional<String> retention, boolean force) {
    retention.ifPresent(DataStreamTemplates::checkRetention);
    Installed installed = new Installed(client, force);
    List<Entry> entries = new ArrayList<>();
    for (String builtIn : List.of("logs@settings", "logs@mappings")) {
      entries.add(exists(client, builtIn)
          ? new Entry(IndexTemplates.COMPONENT, builtIn, Outcome.KEPT, "the cluster's, composed first")
          : new Entry(IndexTemplates.COMPONENT, builtIn, Outcome.SKIPPED, "not in this cluster (composed where "
              + "present)"));
    }
    Optional<String> noIlm = IndexTemplates.ilmUnavailable(client);
    if (noIlm.isEmpty()) {
      entries.add(RetentionUpdate.policy(client, retention).orElseGet(() -> createPolicyIfAbsent(client, retention)));
      entries.add(IndexTemplates.putComponent(installed, NAME + "@lifecycle", TemplateFiles.LIFECYCLE, PREFIX));
    } else {
      entries.add(new Entry(IndexTemplates.ILM_POLICY, NAME, Outcome.SKIPPED, noIlm.get()
          + "; the data stream lifecycle is used instead"));
    }
    entries.add(IndexTemplates.putComponent(installed, NAME + "@settings", TemplateFiles.SETTINGS, PREFIX));
    entries.add(IndexTemplates.putComponent(installed, NAME + "@mappings", TemplateFiles.MAPPINGS, PREFIX));
    entries.add(IndexTemplates.putComponent(installed, NAME + "@data_stream", TemplateFiles.DS_FIELDS, PREFIX));
    entries.add(IndexTemplates.createComponentIfAbsent(client, NAME + "@custom", PREFIX));
    entries.add(putIndexTemplate(installed, noIlm.isPresent(), retention));
    if (stream.isPresent()) {
      boolean written = entries.stream().anyMatch(e -> (e.name().equals(NAME + "@mappings")
          || e.kind().equals(IndexTemplates.INDEX_TEMPLATE)) && (e.outcome() == Outcome.INSTALLED
              || e.outcome() == Outcome.DEGRADED));
      List<Entry> upgraded = IndexMappingUpgrade.upgradeDataStream(client, stream.get().name(),
          TemplateFiles.json(TemplateFiles.MAPPINGS, PREFIX), written);
      entries.addAll(upgraded);
      if (noIlm.isPresent() && retention.isPresent()) {
        RetentionUpdate.dataStream(client, stream.get().name(), retention.get()).ifPresent(entries::add);
      }
      upgraded.stream().filter(e -> e.outcome() == Outcome.SKIPPED).forEach(e -> LOG.warn("{} [{}] {}: {}",
          e.kind(), e.name(), e.outcome(), e.detail()));
    }
    for (Entry e : entries) {
      if (e.outcome() == Outcome.DEGRADED) {
        LOG.warn("{} [{}] {}: {}", e.kind(), e.name(), e.outcome(), e.detail());
      }
    }
    return entries;
  }

  private static Entry putIndexTemplate(Installed installed, boolean noIlm, Optional<String> retention) {
    ObjectNode body = TemplateFiles.json(TemplateFiles.DS_TEMPLATE, PREFIX);
    Optional<Entry> current = installed.current(IndexTemplates.INDEX_TEMPLATE, NAME, body);
    String retentionChange = "";
    if (current.isPresent()) {
      Optional<String> change = noIlm && retention.isPresent()
          ? RetentionUpdate.templateChange(installed.client, NAME, TemplateFiles.version(body),
          retention.get()) : Optional.empty();
      if (change.isEmpty()) {
        return current.get();
      }
      retentionChange = change.get(); // the same version, written again for its data_retention
    }
    if (noIlm) {
      for (String list : List.of("composed_of", "ignore_missing_component_templates")) {
        ArrayNode array = (ArrayNode) body.get(list);
        for (int i = array.size() - 1; i >= 0; i--) {
          if (array.get(i).asText().equals(NAME + "@lifecycle")) {
            array.remove(i);
          }
        }
      }
      ObjectNode lifecycle = body.putObject("template").putObject("lifecycle");
      retention.ifPresent(r -> lifecycle.put("data_retention", r));
    }
    ElasticsearchClient client = installed.client;
    Entry written;
    try {
      written = IndexTemplates.putDegrading(IndexTemplates.INDEX_TEMPLATE, NAME, body, json ->
          client.indices().putIndexTemplate(b -> b.name(NAME).withJson(new StringReader(json))));
    } catch (TemplateInstallException e) {
      if (!noIlm || !String.valueOf(e.getMessage()).contains("lifecycle")) {
        throw e;
      }
      // a cluster older than the data stream lifecycle (8.11): no lifecycle at all, said loudly
      body.remove("template");
      Entry plain = IndexTemplates.putDegrading(IndexTemplates.INDEX_TEMPLATE, NAME, body, json ->
          client.indices().putIndexTemplate(b -> b.name(NAME).withJson(new StringReader(json))));
      written = new Entry(plain.kind(), NAME, Outcome.DEGRADED, "neither ILM nor the data stream lifecycle is "
          + "available: no rollover and no retention" + (plain.detail().isEmpty() ? "" : "; " + plain.detail()));
    }
    if (noIlm && written.outcome() != Outcome.DEGRADED) {
      written = new Entry(written.kind(), NAME, written.outcome(), "data stream lifecycle, retention "
          + retention.orElse("unlimited") + retentionChange
          + (written.detail().isEmpty() ? "" : "; " + written.detail()));
    }
    return installed.upgraded(written, NAME);
  }

  private static Entry createPolicyIfAbsent(ElasticsearchClient client, Optional<String> retention) {
    try {
      client.ilm().getLifecycle(b -> b.name(NAME));
      return new Entry(IndexTemplates.ILM_POLICY, NAME, Outcome.KEPT, "");
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw IndexTemplates.refused(IndexTemplates.ILM_POLICY, NAME, e);
      }
    } catch (IOException e) {
      throw IndexTemplates.unreachable("read ILM policy [" + NAME + "]", e);
    }
    ObjectNode policy = TemplateFiles.json(TemplateFiles.DS_ILM_POLICY, PREFIX);
    retention.ifPresent(r -> ((ObjectNode) policy.path("policy").path("phases")).putObject("delete")
        .put("min_age", r).putObject("actions").putObject("delete"));
    String json = TemplateFiles.write(policy);
    try {
      client.ilm().putLifecycle(b -> b.name(NAME).withJson(new StringReader(json)));
      return new Entry(IndexTemplates.ILM_POLICY, NAME, Outcome.CREATED,
          retention.map(r -> "deletes after " + r).orElse("keeps events forever"));
    } catch (ElasticsearchException e) {
      throw IndexTemplates.refused(IndexTemplates.ILM_POLICY, NAME, e);
    } catch (IOException e) {
      throw IndexTemplates.unreachable("install ILM policy [" + NAME + "]", e);
    }
  }

  private static boolean exists(ElasticsearchClient client, String component) {
    try {
      return client.cluster().existsComponentTemplate(b -> b.name(component)).value();
    } catch (ElasticsearchException e) {
      return false;
    } catch (IOException e) {
      throw IndexTemplates.unreachable("read component template [" + component + "]", e);
    }
  }
}
