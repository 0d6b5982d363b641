package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.App;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import reactor.netty.http.client.HttpClient;

/**
 * {@code at-connector session list|show|delete}, like {@code ibmcloud at session}: see and remove download
 * sessions, e.g. one a crashed run left open (the service never expires them).
 */
@Command(name = "session", mixinStandardHelpOptions = true,
    description = "List, show or delete download sessions of the space (sessions never expire by themselves).",
    subcommands = {SessionCommand.ListSessions.class, SessionCommand.Show.class, SessionCommand.Delete.class})
final class SessionCommand {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String ROW = "%-36s  %-10s  %-10s  %-7s  %-4s  %s%n";

  static AtClient client(AtOptions at, Map<String, String> env) {
    URI endpoint = Settings.httpUrl(at.endpoint, "--endpoint (AT_ENDPOINT)");
    String space = Settings.required(at.space, "--space (AT_SPACE_ID)");
    HttpClient http = HttpClient.create().responseTimeout(at.readTimeout);
    TokenProvider tokens = App.tokens(
        Settings.secret(env.get("AT_TOKEN"), at.tokenFile, "AT_TOKEN", "--token-file"),
        Settings.secret(env.get("AT_API_KEY"), at.apiKeyFile, "AT_API_KEY", "--api-key-file"),
        Settings.uaaUrl(at.uaaUrl, endpoint), http);
    return new AtClient(http, endpoint.toString(), space, tokens, SourceRetry.defaults());
  }

  static void print(PrintWriter out, List<AtSession> sessions) {
    out.printf(java.util.Locale.ROOT, ROW, "ID", "START", "END", "ACCOUNT", "HOUR", "ACCESS-TIME");
    for (AtSession s : sessions) {
      out.printf(java.util.Locale.ROOT, ROW, s.id(), s.start(), s.end(), s.accountLevel(), s.searchTime().isEmpty() ? "-" : s.searchTime(),
          s.accessTime());
    }
    out.flush();
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the space's open sessions.")
  static final class ListSessions implements Callable<Integer> {
    @Mixin AtOptions at;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<AtSession> all = client(at, Cli.env(spec)).listSessions().collectList().block(LIMIT);
      print(Cli.out(spec), all == null ? List.of() : all);
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session as JSON.")
  static final class Show implements Callable<Integer> {
    @Mixin AtOptions at;
    @Parameters(paramLabel = "ID") String id;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      AtSession s = client(at, Cli.env(spec)).showSession(id).block(LIMIT);
      PrintWriter out = Cli.out(spec);
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete sessions by id.")
  static final class Delete implements Callable<Integer> {
    @Mixin AtOptions at;
    @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      AtClient client = client(at, Cli.env(spec));
      PrintWriter out = Cli.out(spec);
      for (String id : ids) {
        client.deleteSession(id).block(LIMIT);
        out.println("deleted session " + id);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
