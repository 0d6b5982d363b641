package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.app.Clients;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import reactor.netty.http.client.HttpClient;

/** A manual command that talks to Activity Tracker: connection options, the client, and the command's output. */
abstract class AtCommand implements Callable<Integer> {
  /** Longest wait for one small call, its retries (5, backoff up to 30 s) included. */
  static final Duration CALL_LIMIT = Duration.ofMinutes(5);

  @Mixin AtOptions at;
  @Mixin TlsOptions tls;
  @Mixin LogOptions log;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  abstract int run() throws Exception;

  Map<String, String> env() {
    return Cli.env(spec);
  }

  PrintWriter out() {
    return Cli.out(spec);
  }

  /** Validates the connection settings (before any request) and builds the client. */
  AtClient client() {
    return client(at, tls, env());
  }

  static AtClient client(AtOptions at, TlsOptions tls, Map<String, String> env) {
    URI endpoint = at.endpoint();
    String space = Settings.required(at.space, "--space (AT_SPACE_ID)");
    URI uaa = at.uaaUrl(endpoint);
    HttpClient http = Clients.atHttp(Settings.positive(at.readTimeout, "--read-timeout (AT_READ_TIMEOUT)"),
        Optional.ofNullable(tls.caCert));
    TokenProvider tokens = Clients.tokens(
        Settings.secret(env.get("AT_TOKEN"), at.tokenFile, "AT_TOKEN", "--token-file"),
        Settings.secret(env.get("AT_API_KEY"), at.apiKeyFile, "AT_API_KEY", "--api-key-file"),
        uaa, http);
    return new AtClient(http, endpoint.toString(), space, tokens, SourceRetry.defaults());
  }
}
