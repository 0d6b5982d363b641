package dev.atconnector.ingest.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.app.Clients;
import dev.atconnector.ingest.config.CloudId;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.AssetSync;
import dev.atconnector.ingest.setup.ClusterCheck;
import dev.atconnector.ingest.setup.ConnectorPrivileges;
import dev.atconnector.ingest.setup.EsLedger;
import dev.atconnector.ingest.setup.ClusterCheck.ClusterInfo;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import dev.atconnector.ingest.setup.RuleImporter;
import dev.atconnector.ingest.setup.RuleImporter.RuleResult;
import dev.atconnector.ingest.sink.EsAuthException;
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
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
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
        + "dashboards (saved objects, overwriting earlier imports) and the Elastic Security detection rules (rules "
        + "already there are kept unless --force).", "Every flag also reads an environment "
        + "variable, shown in brackets."})
final class SetupCommand implements Callable<Integer> {
  @Mixin EsOptions es;

  @Option(names = "--index-prefix", paramLabel = "P", defaultValue = IndexTemplates.DEFAULT_PREFIX,
      description = "index prefix the templates serve, as given to ingest (default ${DEFAULT-VALUE}) (AT_INDEX_PREFIX)")
  String indexPrefix;

  @Option(names = "--force", negatable = false,
      description = "rewrite the connector's templates even when the installed version is the same or newer "
          + "(never your @custom or ILM policy), overwrite shipped saved objects edited in Kibana and detection rules "
          + "already in Kibana (AT_FORCE)")
  boolean force;

  @Option(names = "--checkpoint-index", paramLabel = "INDEX", defaultValue = CheckpointStore.DEFAULT_INDEX,
      description = "the checkpoint index ingest uses, for --print-role and --create-role (default "
          + "${DEFAULT-VALUE}) (AT_CHECKPOINT_INDEX)")
  String checkpointIndex;

  @Option(names = "--print-role", negatable = false,
      description = "print the Elasticsearch role the connector needs (for --index-prefix and --checkpoint-index) "
          + "and the POST /_security/api_key body for a key limited to it, then exit; needs no cluster "
          + "(AT_PRINT_ROLE)")
  boolean printRole;

  @Option(names = "--create-role", paramLabel = "NAME",
      description = "create (or update) that role through PUT /_security/role/NAME with the given credential "
          + "(it needs manage_security), then exit (AT_CREATE_ROLE)")
  String createRole;

  @Mixin DestinationOptions destination;

  @Mixin KibanaOptions kibana;

  @Mixin OutputOptions output;

  @Mixin LogOptions log;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Map<String, String> env = Cli.env(spec);
    try {
      IndexTemplates.templateName(indexPrefix);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--index-prefix (AT_INDEX_PREFIX): " + e.getMessage(), e);
    }
    if (printRole) {
      return printRole();
    }
    EsAccess access = es.access(env);
    URI esUrl = access.url();
    if (createRole != null) {
      return createRole(access);
    }
    Optional<String> user = access.username();
    Optional<Secret> password = access.password();
    Optional<Secret> apiKey = access.apiKey();
    Optional<KibanaOptions.Target> target = kibana.target(env, user, password, apiKey,
        es.cloud().flatMap(CloudId::kibana));
    ObjectNode result = Printer.tree(Map.of()).deepCopy();
    TemplateReport report;
    Destination where = destination.destination(indexPrefix);
    AssetSync.Outcome synced = new AssetSync.Outcome(List.of(), List.of());
    try (RestClient rest = EsClients.restClient(access)) {
      ClusterInfo cluster;
      try {
        cluster = ClusterCheck.check(rest, esUrl.toString());
      } catch (SinkException e) {
        var tls = EsClients.tlsProblem(e, access);
        if (tls.isPresent()) {
          throw new SinkException(tls.get(), false, e);
        }
        throw e;
      }
      result.set("cluster", Printer.tree(cluster));
      ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
      try {
        report = IndexTemplates.install(client, indexPrefix, where, force);
      } catch (TemplateInstallException e) {
        throw new SinkException(e.getMessage(), EsClients.isAuthFailure(e), e);
      }
      if (target.isPresent()) {
        synced = target.get().sync(new EsLedger(client, target.get().space()), where, force);
      }
    }
    result.set("templates", Printer.tree(report.entries()));
    List<ObjectResult> imported = synced.imported();
    List<RuleResult> rules = target.map(t -> t.importRules(force)).orElse(List.of());
    if (target.isPresent()) {
      result.set("kibana", Printer.tree(imported));
      result.set("kibana_skipped", Printer.tree(synced.skipped()));
      result.set("detection_rules", Printer.tree(rules));
      target.get().rulesWarning().ifPresent(w -> result.put("detection_rules_warning", w));
    }
    print(result);
    long failed = imported.stream().filter(r -> !r.success()).count();
    long rulesFailed = rules.stream().filter(r -> r.outcome() == RuleImporter.Outcome.FAILED).count();
    if (failed > 0) {
      spec.commandLine().getErr().println("at-connector: Kibana refused " + failed + " of " + imported.size()
          + " saved objects (see the ERROR column)");
    }
    if (rulesFailed > 0) {
      spec.commandLine().getErr().println("at-connector: Kibana refused " + rulesFailed + " of " + rules.size()
          + " detection rules (see the DETAIL column)");
    }
    spec.commandLine().getErr().flush();
    return failed > 0 || rulesFailed > 0 ? ExitCodes.SINK : ExitCodes.OK;
  }

  private ConnectorPrivileges.Role role() {
    String index = Settings.required(checkpointIndex, "--checkpoint-index (AT_CHECKPOINT_INDEX)");
    return ConnectorPrivileges.role(indexPrefix, index);
  }

  private int printRole() {
    ConnectorPrivileges.Role role = role();
    if (output.format == OutputFormat.JSON) {
      ObjectNode both = Printer.tree(Map.of()).deepCopy();
      both.set("role", role.toJson());
      both.set("api_key_request", role.apiKeyRequest(ConnectorPrivileges.DEFAULT_ROLE));
      new Printer(Cli.out(spec), OutputFormat.JSON).json(both);
      return ExitCodes.OK;
    }
    Cli.out(spec).println("# the role (Kibana > Stack Management > Roles, or with a superuser: "
        + "setup --create-role " + ConnectorPrivileges.DEFAULT_ROLE + ")");
    Cli.out(spec).println("PUT /_security/role/" + ConnectorPrivileges.DEFAULT_ROLE);
    Printer json = new Printer(Cli.out(spec), OutputFormat.JSON);
    json.json(role.toJson());
    Cli.out(spec).println();
    Cli.out(spec).println("# an API key limited to it: give the answer's \"encoded\" (or id:api_key) as ES_API_KEY");
    Cli.out(spec).println("POST /_security/api_key");
    json.json(role.apiKeyRequest(ConnectorPrivileges.DEFAULT_ROLE));
    Cli.out(spec).flush();
    return ExitCodes.OK;
  }

  private int createRole(EsAccess access) throws IOException {
    if (!createRole.matches("[a-zA-Z0-9_.@-]{1,507}")) {
      throw new ConfigException("--create-role (AT_CREATE_ROLE) '" + createRole + "' is not a role name: use "
          + "letters, digits and _ . @ -");
    }
    ConnectorPrivileges.Role role = role();
    try (RestClient rest = EsClients.restClient(access)) {
      Request put = new Request("PUT", "/_security/role/" + createRole);
      put.setJsonEntity(role.toJson().toString());
      try {
        rest.performRequest(put);
      } catch (ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        String reason = ClusterCheck.reason(e);
        if (EsClients.isAuthFailure(e)) {
          throw new EsAuthException("Elasticsearch at " + access.url() + " refused to create role " + createRole
              + " for " + access.credential() + ": HTTP " + status + " " + reason
              + "; creating roles needs the manage_security privilege (a superuser)", e);
        }
        throw new SinkException("Elasticsearch at " + access.url() + " could not create role " + createRole
            + ": HTTP " + status + " " + reason + "; native roles live in the .security index: where it cannot "
            + "be created, define the role printed by setup --print-role in roles.yml or in Kibana", false, e);
      } catch (IOException e) {
        throw new SinkException("Elasticsearch at " + access.url() + " did not answer (" + e.getClass()
            .getSimpleName() + "); check --es-url (ES_URL) and that the cluster is up", false, e);
      }
    }
    Cli.out(spec).println("at-connector setup: role " + createRole + " created with " + String.join(" ",
        role.all()));
    Cli.out(spec).flush();
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
    if (result.has("detection_rules_warning")) {
      Cli.out(spec).println("warning: " + result.get("detection_rules_warning").asText());
    }
    if (result.has("detection_rules") && !result.get("detection_rules").isEmpty()) {
      printer.rows(list(result.get("detection_rules")), List.of("RULE_ID", "RULE", "RESULT", "DETAIL"),
          List.of("ruleId", "name", "outcome", "detail"));
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
