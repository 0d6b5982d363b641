package dev.atconnector.ingest.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.App;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.AssetSync;
import dev.atconnector.ingest.setup.ClusterCheck;
import dev.atconnector.ingest.setup.EsLedger;
import dev.atconnector.ingest.setup.ClusterCheck.ClusterInfo;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import dev.atconnector.ingest.sink.EsClients;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.ingest.sink.TemplateInstallException;
import dev.atconnector.ingest.sink.TemplateReport;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code at-connector setup}: checks the Elasticsearch cluster, installs the index templates (idempotent, versioned,
 * upgrade-safe) and, with {@code --kibana-url}, imports the dashboards into Kibana.
 */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Check the Elasticsearch cluster (8.x; ILM, field types), install the index templates "
        + "(only where missing or older; your <name>@custom is never touched) and, with --kibana-url, import the "
        + "dashboards (saved objects, overwriting earlier imports).", "Every flag also reads an environment "
        + "variable, shown in brackets."})
final class SetupCommand implements Callable<Integer> {
  @Mixin EsOptions es;

  @Option(names = "--index-prefix", paramLabel = "P", defaultValue = IndexTemplates.DEFAULT_PREFIX,
      description = "index prefix the templates serve, as given to ingest (default ${DEFAULT-VALUE}) (AT_INDEX_PREFIX)")
  String indexPrefix;

  @Option(names = "--force", negatable = false,
      description = "rewrite the connector's templates even when the installed version is the same or newer, and "
          + "overwrite shipped saved objects edited in Kibana "
          + "(never your @custom or ILM policy) (AT_FORCE)")
  boolean force;

  @Mixin DestinationOptions destination;

  @Mixin KibanaOptions kibana;

  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<String, String> env = Cli.env(spec);
    EsAccess access = es.access(env);
    URI esUrl = access.url();
    try {
      IndexTemplates.templateName(indexPrefix);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--index-prefix (AT_INDEX_PREFIX): " + e.getMessage(), e);
    }
    Optional<String> user = access.username();
    Optional<Secret> password = access.password();
    Optional<Secret> apiKey = access.apiKey();
    Optional<KibanaOptions.Target> target = kibana.target(env, user, password, apiKey);
    ObjectNode result = Printer.tree(Map.of()).deepCopy();
    TemplateReport report;
    Destination where = destination.destination(indexPrefix);
    AssetSync.Outcome synced = new AssetSync.Outcome(List.of(), List.of());
    try (RestClient rest = EsClients.restClient(access)) {
      ClusterInfo cluster = ClusterCheck.check(rest, esUrl.toString());
      result.set("cluster", Printer.tree(cluster));
      ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
      try {
        report = IndexTemplates.install(client, indexPrefix, where, force);
      } catch (TemplateInstallException e) {
        Throwable cause = e.getCause();
        int status = cause instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException ee
            ? ee.status() : 0;
        throw new SinkException(e.getMessage(), status == 401 || status == 403, e);
      }
      if (target.isPresent()) {
        synced = target.get().sync(new EsLedger(client, target.get().space()), where, force);
      }
    }
    result.set("templates", Printer.tree(report.entries()));
    List<ObjectResult> imported = synced.imported();
    if (target.isPresent()) {
      result.set("kibana", Printer.tree(imported));
      result.set("kibana_skipped", Printer.tree(synced.skipped()));
    }
    print(result);
    long failed = imported.stream().filter(r -> !r.success()).count();
    if (failed > 0) {
      spec.commandLine().getErr().println("at-connector: Kibana refused " + failed + " of " + imported.size()
          + " saved objects (see the ERROR column)");
      spec.commandLine().getErr().flush();
      return ExitCodes.SINK;
    }
    return ExitCodes.OK;
  }

  private void print(ObjectNode result) {
    Printer printer = new Printer(Cli.out(spec), output.format);
    if (output.format == OutputFormat.JSON) {
      printer.json(result);
      return;
    }
    JsonNode c = result.get("cluster");
    Cli.out(spec).println("Elasticsearch: cluster " + c.path("name").asText() + ", version "
        + c.path("version").asText() + ", ILM " + (c.path("ilm").asBoolean() ? "available" : "not available"));
    for (JsonNode warning : c.path("warnings")) {
      Cli.out(spec).println("warning: " + warning.asText());
    }
    printer.rows(list(result.get("templates")), List.of("KIND", "NAME", "RESULT", "DETAIL"),
        List.of("kind", "name", "outcome", "detail"));
    if (result.has("kibana")) {
      printer.rows(list(result.get("kibana")), List.of("FILE", "TYPE", "ID", "TITLE", "RESULT", "ERROR"),
          List.of("file", "type", "id", "title", "result", "error"));
      for (JsonNode s : result.path("kibana_skipped")) {
        Cli.out(spec).println("kept " + s.path("type").asText() + " " + s.path("id").asText() + " ("
            + s.path("title").asText() + "): " + s.path("reason").asText());
      }
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (JsonNode row : (ArrayNode) array) {
      ObjectNode copy = row.deepCopy();
      if (copy.has("success")) {
        copy.put("result", copy.get("success").asBoolean() ? "IMPORTED" : "FAILED");
      }
      rows.add(copy);
    }
    return rows;
  }
}
