package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.setup.KibanaImporter;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.AssetSync;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;
import reactor.netty.http.client.HttpClient;

/**
 * {@code setup}'s Kibana options. Credentials: KIBANA_API_KEY (or --kibana-api-key-file), else KIBANA_USERNAME with
 * KIBANA_PASSWORD (or --kibana-password-file), else the Elasticsearch credentials. The {@code --kibana-*} flags read
 * {@code AT_KIBANA_*} like every flag, and the conventional {@code KIBANA_*} variables as well.
 */
final class KibanaOptions {
  @Option(names = "--kibana-url", paramLabel = "URL",
      description = "Kibana URL, e.g. http://localhost:5601: import the dashboards there (AT_KIBANA_URL, KIBANA_URL)")
  String url;

  @Option(names = "--kibana-space", paramLabel = "S", defaultValue = "default",
      description = "Kibana space to import into (default ${DEFAULT-VALUE}) (AT_KIBANA_SPACE, KIBANA_SPACE)")
  String space;

  @Option(names = "--kibana-username", paramLabel = "USER",
      description = "Kibana user; the password comes from KIBANA_PASSWORD or --kibana-password-file "
          + "(AT_KIBANA_USERNAME, KIBANA_USERNAME)")
  String username;

  @Option(names = "--kibana-password-file", paramLabel = "FILE", description = "file holding the Kibana password")
  Path passwordFile;

  @Option(names = "--kibana-api-key-file", paramLabel = "FILE",
      description = "file holding a Kibana/Elasticsearch API key (base64 id:key); else KIBANA_API_KEY")
  Path apiKeyFile;

  @Option(names = "--dashboards", paramLabel = "DIR", defaultValue = "dashboards",
      description = "folder of saved-object .ndjson files to import (default ${DEFAULT-VALUE}) (AT_DASHBOARDS)")
  Path dashboards;

  /** What to import where, as the options and environment say; empty without a Kibana URL. */
  Optional<Target> target(Map<String, String> env, Optional<String> esUser, Optional<Secret> esPassword,
      Optional<Secret> esApiKey) {
    String given = url != null ? url : env.get("KIBANA_URL");
    if (given == null || given.isBlank()) {
      return Optional.empty();
    }
    URI kibana = Settings.httpUrl(given, "--kibana-url (KIBANA_URL)");
    String s = space.equals("default") && env.get("KIBANA_SPACE") != null ? env.get("KIBANA_SPACE") : space;
    if (!s.matches("[a-z0-9_-]{1,100}")) {
      throw new ConfigException("--kibana-space (KIBANA_SPACE) '" + s + "' is not a Kibana space id: use lowercase "
          + "letters, digits, '_' and '-' (the id, not the display name)");
    }
    List<Path> files = files(dashboards);
    return Optional.of(new Target(new KibanaImporter(HttpClient.create().responseTimeout(Duration.ofMinutes(2)),
        kibana, s, authorization(env, esUser, esPassword, esApiKey)), files, s));
  }

  /** The importer and the files, in name order. */
  record Target(KibanaImporter importer, List<Path> files, String space) {
    /** The shipped objects made to follow {@code destination}, except those a user edited (unless force). */
    AssetSync.Outcome sync(AssetSync.Ledger ledger, Destination destination, boolean force) {
      return new AssetSync(importer, ledger, destination, force).sync(files);
    }

    List<ObjectResult> importAll() {
      List<ObjectResult> all = new ArrayList<>();
      files.forEach(f -> all.addAll(importer.importFile(f)));
      return all;
    }
  }

  private Optional<String> authorization(Map<String, String> env, Optional<String> esUser,
      Optional<Secret> esPassword, Optional<Secret> esApiKey) {
    Optional<Secret> key = Settings.secret(env.get("KIBANA_API_KEY"), apiKeyFile, "KIBANA_API_KEY",
        "--kibana-api-key-file");
    if (key.isPresent()) {
      return Optional.of("ApiKey " + key.get().reveal());
    }
    String user = username != null ? username : env.get("KIBANA_USERNAME");
    Optional<Secret> password = Settings.secret(env.get("KIBANA_PASSWORD"), passwordFile, "KIBANA_PASSWORD",
        "--kibana-password-file");
    if (user != null && !user.isBlank()) {
      if (password.isEmpty()) {
        throw new ConfigException("--kibana-username (KIBANA_USERNAME) is set but no password: set KIBANA_PASSWORD "
            + "or --kibana-password-file");
      }
      return Optional.of(basic(user, password.get()));
    }
    if (esApiKey.isPresent()) {
      return Optional.of("ApiKey " + esApiKey.get().reveal());
    }
    return esPassword.map(p -> basic(esUser.orElseThrow(), p));
  }

  private static String basic(String user, Secret password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal())
        .getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("--dashboards (AT_DASHBOARDS) " + dir.toAbsolutePath() + " is not a folder: give "
          + "the folder holding the dashboards' .ndjson files (dashboards/ of the at-connector repository)");
    }
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
      if (files.isEmpty()) {
        throw new ConfigException("--dashboards (AT_DASHBOARDS) " + dir.toAbsolutePath() + " holds no .ndjson "
            + "file: give the folder holding the dashboards' saved objects");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
