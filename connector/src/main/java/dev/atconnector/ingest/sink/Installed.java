package dev.atconnector.ingest.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.sink.TemplateReport.Entry;
import dev.atconnector.ingest.sink.TemplateReport.Outcome;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of the managed templates already in the cluster, so an install is upgrade-safe: a template whose
 * installed {@code version} is the same as or newer than the shipped one is kept (a newer connector sharing the
 * cluster is never downgraded by an older one); an older or unversioned one is replaced.
 */
final class Installed {
  final ElasticsearchClient client;
  private final boolean force;
  private final Map<String, Long> replaced = new HashMap<>();

  Installed(ElasticsearchClient client, boolean force) {
    this.client = client;
    this.force = force;
  }

  /** KEPT when the installed version is current; empty when the shipped {@code body} must be written. */
  Optional<Entry> current(String kind, String name, JsonNode body) {
    long shipped = TemplateFiles.version(body);
    Long have = installedVersion(kind, name);
    if (have == null) {
      return Optional.empty();
    }
    if (!force && have >= shipped) {
      return Optional.of(new Entry(kind, name, Outcome.KEPT, "version " + have + " installed"
          + (have > shipped ? ", newer than this connector's " + shipped : "")));
    }
    replaced.put(name, have);
    return Optional.empty();
  }

  /** The entry of a write, noting which version it replaced. */
  Entry upgraded(Entry written, String name) {
    Long was = replaced.get(name);
    if (was == null) {
      return written;
    }
    String note = "replaced version " + was;
    return new Entry(written.kind(), name, written.outcome(),
        written.detail().isEmpty() ? note : note + "; " + written.detail());
  }

  /** The installed version (0 when it has none), or null when the template does not exist. */
  private Long installedVersion(String kind, String name) {
    try {
      Long version;
      if (kind.equals("component_template")) {
        var found = client.cluster().getComponentTemplate(b -> b.name(name)).componentTemplates();
        if (found.isEmpty()) {
          return null;
        }
        version = found.get(0).componentTemplate().version();
      } else {
        var found = client.indices().getIndexTemplate(b -> b.name(name)).indexTemplates();
        if (found.isEmpty()) {
          return null;
        }
        version = found.get(0).indexTemplate().version();
      }
      return version == null ? 0L : version;
    } catch (ElasticsearchException e) {
      if (e.status() == 404) {
        return null;
      }
      throw new TemplateInstallException("Elasticsearch refused to show " + kind.replace('_', ' ') + " ["
          + name + "] (HTTP " + e.status() + "): " + IndexTemplates.describe(e), e);
    } catch (IOException e) {
      throw new TemplateInstallException("cannot read " + kind.replace('_', ' ') + " [" + name
          + "]: Elasticsearch did not answer (" + e + "); check the Elasticsearch URL and that the cluster is up",
          e);
    }
  }
}
