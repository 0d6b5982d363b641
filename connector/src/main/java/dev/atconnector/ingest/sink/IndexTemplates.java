package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the connector's index templates (the JSON files of {@code mappings/}), idempotently and
 * upgrade-safely: a managed template is written only when absent or older than the shipped
 * {@code version} (see {@link Installed}), the user's {@code @custom} hook and the ILM policy are
 * created only when absent. Features the cluster lacks
 * are degraded with a WARN (a field type without support gets its nearest core type, an unknown
 * setting is left out; ILM is skipped where {@code _ilm/status} does not answer). Event indices that already
 * exist with an older mapping get the shipped one added ({@link IndexMappingUpgrade}), so the month being written
 * during an upgrade takes the new document with the new types.
 *
 * <p>Names for prefix {@code activity-tracker-}: component templates {@code activity-tracker@settings},
 * {@code @mappings}, {@code @lifecycle} (ILM only), {@code @custom}; index templates
 * {@code activity-tracker} (indices {@code activity-tracker-20*}) and
 * {@code activity-tracker-dead-letter} (index {@code activity-tracker-dead-letter}); ILM policy
 * {@code activity-tracker}.
 */
public final class IndexTemplates {
  public static final String DEFAULT_PREFIX = IndexNames.DEFAULT_PREFIX;
  private static final Logger LOG = LoggerFactory.getLogger(IndexTemplates.class);
  private static final int MAX_DEGRADE_STEPS = 5;
  static final String COMPONENT = "component_template";
  static final String INDEX_TEMPLATE = "index_template";
  static final String ILM_POLICY = "ilm_policy";

  private IndexTemplates() {}

  /** The base name of every template for {@code prefix} ({@code activity-tracker-} gives {@code activity-tracker}). */
  public static String templateName(String prefix) {
    return TemplateFiles.baseName(TemplateFiles.checkPrefix(prefix));
  }

  /** The dead-letter index for {@code prefix}, e.g. {@code activity-tracker-dead-letter}. */
  public static String deadLetterIndex(String prefix) {
    return IndexNames.deadLetter(TemplateFiles.checkPrefix(prefix));
  }

  /**
   * Installs (or refreshes) every template for {@code prefix}.
   *
   * @throws IllegalArgumentException when {@code prefix} cannot name Elasticsearch indices
   * @throws TemplateInstallException when Elasticsearch refuses a resource (the message names it and
   *     gives Elasticsearch's reason) or cannot be reached
   */
  public static TemplateReport install(ElasticsearchClient client, String prefix) {
    return install(client, prefix, false);
  }

  /**
   * As {@link #install(ElasticsearchClient, String)}; with {@code force} the managed templates are written even
   * when the installed version is the same or newer (the user's {@code @custom} and ILM policy still are not).
   */
  public static TemplateReport install(ElasticsearchClient client, String prefix, boolean force) {
    TemplateFiles.checkPrefix(prefix);
    Installed installed = new Installed(client, force);
    String name = TemplateFiles.baseName(prefix);
    List<Entry> entries = new ArrayList<>();
    Optional<String> noIlm = ilmUnavailable(client);
    if (noIlm.isEmpty()) {
      entries.add(createPolicyIfAbsent(client, name, prefix));
      entries.add(putComponent(installed, name + "@lifecycle", TemplateFiles.LIFECYCLE, prefix));
    } else {
      entries.add(new Entry(ILM_POLICY, name, Outcome.SKIPPED, noIlm.get()));
      entries.add(new Entry(COMPONENT, name + "@lifecycle", Outcome.SKIPPED, noIlm.get()));
    }
    entries.add(putComponent(installed, name + "@settings", TemplateFiles.SETTINGS, prefix));
    entries.add(putComponent(installed, name + "@mappings", TemplateFiles.MAPPINGS, prefix));
    entries.add(createComponentIfAbsent(client, name + "@custom", prefix));
    String lifecycle = noIlm.isPresent() ? name + "@lifecycle" : null;
    entries.add(putIndexTemplate(installed, name, TemplateFiles.EVENTS_TEMPLATE, prefix, lifecycle));
    entries.add(putIndexTemplate(installed, name + "-dead-letter", TemplateFiles.DEAD_LETTER_TEMPLATE,
        prefix, lifecycle));
    entries.addAll(IndexMappingUpgrade.upgrade(client, prefix, TemplateFiles.json(TemplateFiles.MAPPINGS, prefix)));
    TemplateReport report = new TemplateReport(prefix, entries);
    for (Entry e : entries) {
      if (e.outcome() == Outcome.DEGRADED || e.outcome() == Outcome.SKIPPED) {
        LOG.warn("{} [{}] {}: {}", e.kind(), e.name(), e.outcome(), e.detail());
      }
    }
    LOG.info("index templates for prefix '{}': {}", prefix, report.summary());
    return report;
  }

  /**
   * As {@link #install(ElasticsearchClient, String, boolean)} (the dead-letter index, and the monthly indices a
   * user may migrate from), plus, for a data stream destination, its template ({@link DataStreamTemplates}).
   */
  public static TemplateReport install(ElasticsearchClient client, String prefix, Destination destination,
      boolean force) {
    TemplateReport report = install(client, prefix, force);
    if (!(destination instanceof Destination.DataStream ds)) {
      return report;
    }
    List<Entry> entries = new ArrayList<>(report.entries());
    List<Entry> added = DataStreamTemplates.install(client, ds, force);
    entries.addAll(added);
    LOG.info("data stream template for {}: {}", ds.name(), new TemplateReport(prefix, added).summary());
    return new TemplateReport(prefix, entries);
  }

  /** Empty when ILM answers; else why not (no ILM in this distribution, no privilege, ...). */
  static Optional<String> ilmUnavailable(ElasticsearchClient client) {
    try {
      client.ilm().getStatus();
      return Optional.empty();
    } catch (ElasticsearchException e) {
      // the reason text adds nothing here (e.g. "Incorrect HTTP method" on a distribution without ILM)
      return Optional.of("ILM not available: _ilm/status answered HTTP " + e.status());
    } catch (TransportException e) {
      return Optional.of("ILM not available: _ilm/status answered HTTP " + e.statusCode());
    } catch (IOException e) {
      throw unreachable("probe ILM", e);
    }
  }

  private static Entry createPolicyIfAbsent(ElasticsearchClient client, String name, String prefix) {
    try {
      client.ilm().getLifecycle(b -> b.name(name));
      return new Entry(ILM_POLICY, name, Outcome.KEPT, "");
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw refused(ILM_POLICY, name, e);
      }
    } catch (IOException e) {
      throw unreachable("read ILM policy [" + name + "]", e);
    }
    String json = TemplateFiles.text(TemplateFiles.ILM_POLICY, prefix);
    try {
      client.ilm().putLifecycle(b -> b.name(name).withJson(new StringReader(json)));
      return new Entry(ILM_POLICY, name, Outcome.CREATED, "");
    } catch (ElasticsearchException e) {
      throw refused(ILM_POLICY, name, e);
    } catch (IOException e) {
      throw unreachable("install ILM policy [" + name + "]", e);
    }
  }

  /** The user's hook: created empty once, never overwritten (their settings live there). */
  static Entry createComponentIfAbsent(ElasticsearchClient client, String name, String prefix) {
    String json = TemplateFiles.text(TemplateFiles.CUSTOM, prefix);
    try {
      if (client.cluster().existsComponentTemplate(b -> b.name(name)).value()) {
        return new Entry(COMPONENT, name, Outcome.KEPT, "");
      }
      client.cluster().putComponentTemplate(b -> b.name(name).create(true)
          .withJson(new StringReader(json)));
      return new Entry(COMPONENT, name, Outcome.CREATED, "");
    } catch (ElasticsearchException e) {
      if (describe(e).contains("already exists")) {
        return new Entry(COMPONENT, name, Outcome.KEPT, ""); // another connector created it just now
      }
      throw refused(COMPONENT, name, e);
    } catch (IOException e) {
      throw unreachable("install component template [" + name + "]", e);
    }
  }

  static Entry putComponent(Installed installed, String name, String file, String prefix) {
    ObjectNode body = TemplateFiles.json(file, prefix);
    Optional<Entry> current = installed.current(COMPONENT, name, body);
    return current.isPresent() ? current.get()
        : installed.upgraded(putComponent(installed.client, name, body), name);
  }

  /** Visible for the IT: this distribution has every shipped feature, so it feeds its own body. */
  static Entry putComponent(ElasticsearchClient client, String name, ObjectNode body) {
    return putDegrading(COMPONENT, name, body, json ->
        client.cluster().putComponentTemplate(b -> b.name(name).withJson(new StringReader(json))));
  }

  /** {@code dropComponent}: a component that will not exist here (ILM's), removed from composed_of. */
  private static Entry putIndexTemplate(Installed installed, String name, String file,
      String prefix, String dropComponent) {
    ElasticsearchClient client = installed.client;
    ObjectNode body = TemplateFiles.json(file, prefix);
    Optional<Entry> current = installed.current(INDEX_TEMPLATE, name, body);
    if (current.isPresent()) {
      return current.get();
    }
    if (dropComponent != null) {
      for (String list : List.of("composed_of", "ignore_missing_component_templates")) {
        if (body.get(list) instanceof ArrayNode array) {
          for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).asText().equals(dropComponent)) {
              array.remove(i);
            }
          }
        }
      }
    }
    return installed.upgraded(putDegrading(INDEX_TEMPLATE, name, body, json ->
        client.indices().putIndexTemplate(b -> b.name(name).withJson(new StringReader(json)))), name);
  }

  interface Put {
    void put(String json) throws IOException;
  }

  /** PUTs {@code body}; when ES names a missing feature, degrades the body and tries again. */
  static Entry putDegrading(String kind, String name, ObjectNode body, Put put) {
    List<String> changes = new ArrayList<>();
    while (true) {
      try {
        put.put(TemplateFiles.write(body));
        return changes.isEmpty() ? new Entry(kind, name, Outcome.INSTALLED, "")
            : new Entry(kind, name, Outcome.DEGRADED, String.join("; ", changes));
      } catch (ElasticsearchException e) {
        Optional<String> change = changes.size() < MAX_DEGRADE_STEPS
            ? TemplateDegrader.degrade(body, describe(e)) : Optional.empty();
        if (change.isEmpty()) {
          throw refused(kind, name, e);
        }
        changes.add(change.get());
      } catch (IOException e) {
        throw unreachable("install " + kind.replace('_', ' ') + " [" + name + "]", e);
      }
    }
  }

  /** Every distinct reason in ES's error, outermost first ("type: reason; type: reason"). */
  static String describe(ElasticsearchException e) {
    Set<String> reasons = new LinkedHashSet<>();
    collect(e.error(), reasons);
    return reasons.isEmpty() ? String.valueOf(e.getMessage()) : String.join("; ", reasons);
  }

  private static void collect(ErrorCause cause, Set<String> into) {
    if (cause == null) {
      return;
    }
    if (cause.reason() != null) {
      into.add(cause.type() + ": " + cause.reason());
    }
    cause.rootCause().forEach(c -> collect(c, into));
    collect(cause.causedBy(), into);
  }

  static TemplateInstallException refused(String kind, String name, ElasticsearchException e) {
    return new TemplateInstallException("Elasticsearch refused " + kind.replace('_', ' ') + " ["
        + name + "] (HTTP " + e.status() + "): " + describe(e), e);
  }

  static TemplateInstallException unreachable(String what, IOException e) {
    return new TemplateInstallException("cannot " + what + ": Elasticsearch did not answer ("
        + e + "); check the Elasticsearch URL and that the cluster is up", e);
  }
}
