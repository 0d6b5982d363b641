package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.setup.KibanaEndpoint;
import dev.atconnector.ingest.setup.KibanaImporter;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.setup.AssetSync;
import dev.atconnector.ingest.setup.KibanaImporter.ObjectResult;
import dev.atconnector.ingest.setup.RuleImporter;
import dev.atconnector.ingest.setup.RuleImporter.RuleResult;
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
  static final String DEFAULT_RULES = "detection-rules";

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

  @Option(names = "--detection-rules", paramLabel = "DIR",
      description = "folder of Elastic Security detection-rule .ndjson files to import (default: detection-rules, "
          + "skipped with a warning when there is none) (AT_DETECTION_RULES)")
  Path detectionRules;

  @Option(names = "--no-detection-rules", negatable = false,
      description = "do not import detection rules (AT_NO_DETECTION_RULES)")
  boolean noDetectionRules;

  /** What to import where, as the options and environment say; empty without a Kibana URL. */
  Optional<Target> target(Map<String, String> env, Optional<String> esUser, Optional<Secret> esPassword,
      Optional<Secret> esApiKey) {
    return target(env, esUser, esPassword, esApiKey, Optional.empty());
  }

  /** As above; {@code cloudKibana} (from {@code --es-cloud-id}) is the Kibana URL when none is given. */
  Optional<Target> target(Map<String, String> env, Optional<String> esUser, Optional<Secret> esPassword,
      Optional<Secret> esApiKey, Optional<URI> cloudKibana) {
    String given = url != null ? url : env.get("KIBANA_URL");
    if ((given == null || given.isBlank()) && cloudKibana.isEmpty()) {
      return Optional.empty();
    }
    URI kibana = given == null || given.isBlank() ? cloudKibana.get()
        : Settings.httpUrl(given, "--kibana-url (KIBANA_URL)");
    String s = space.equals("default") && env.get("KIBANA_SPACE") != null ? env.get("KIBANA_SPACE") : space;
    if (!s.matches("[a-z0-9_-]{1,100}")) {
      throw new ConfigException("--kibana-space (KIBANA_SPACE) '" + s + "' is not a Kibana space id: use lowercase "
          + "letters, digits, '_' and '-' (the id, not the display name)");
    }
    List<Path> files = files(dashboards);
    List<Path> ruleFiles = ruleFiles();
    HttpClient http = HttpClient.create().responseTimeout(Duration.ofMinutes(2));
    Optional<String> auth = authorization(env, esUser, esPassword, esApiKey);
    KibanaEndpoint endpoint = new KibanaEndpoint(http, kibana, s, auth);
    return Optional.of(new Target(new KibanaImporter(endpoint), files, new RuleImporter(endpoint), ruleFiles,
        rulesWarning(ruleFiles), s));
  }

  /**
   * The importers and the files, in name order; {@code rulesWarning} says why no rule file is imported when that
   * was not asked for (the default folder is missing).
   */
  record Target(KibanaImporter importer, List<Path> files, RuleImporter rules, List<Path> ruleFiles,
      Optional<String> rulesWarning, String space) {
    /** The shipped objects made to follow {@code destination}, except those a user edited (unless force). */
    AssetSync.Outcome sync(AssetSync.Ledger ledger, Destination destination, boolean force) {
      return new AssetSync(importer, ledger, destination, force).sync(files);
    }

    List<ObjectResult> importAll() {
      List<ObjectResult> all = new ArrayList<>();
      files.forEach(f -> all.addAll(importer.importFile(f)));
      return all;
    }

    /** Imports the detection rules; {@code overwrite} replaces rules already in Kibana. */
    List<RuleResult> importRules(boolean overwrite) {
      List<RuleResult> all = new ArrayList<>();
      ruleFiles.forEach(f -> all.addAll(rules.importFile(f, overwrite)));
      return all;
    }
  }

  private List<Path> ruleFiles() {
    if (noDetectionRules) {
      return List.of();
    }
    Path dir = detectionRules != null ? detectionRules : Path.of(DEFAULT_RULES);
    if (detectionRules == null && !Files.isDirectory(dir)) {
      return List.of();
    }
    return ndjsonFiles(dir, "--detection-rules (AT_DETECTION_RULES)", "the detection rules' .ndjson files "
        + "(detection-rules/ of the at-connector repository)");
  }

  private Optional<String> rulesWarning(List<Path> ruleFiles) {
    if (noDetectionRules || !ruleFiles.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("no " + DEFAULT_RULES + " folder at " + Path.of(DEFAULT_RULES).toAbsolutePath()
        + ": detection rules not imported (give --detection-rules DIR, or --no-detection-rules)");
  }

  private Optional<String> authorization(Map<String, String> env, Optional<String> esUser,
      Optional<Secret> esPassword, Optional<Secret> esApiKey) {
    Optional<Secret> key = Settings.secret(env.get("KIBANA_API_KEY"), apiKeyFile, "KIBANA_API_KEY",
        "--kibana-api-key-file");
    if (key.isPresent()) {
      return Optional.of("ApiKey " + EsClients.encodedApiKey(key.get().reveal()));
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
      return Optional.of("ApiKey " + EsClients.encodedApiKey(esApiKey.get().reveal()));
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

  private static List<Path> ndjsonFiles(Path dir, String option, String what) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(option + " " + dir.toAbsolutePath() + " is not a folder: give the folder holding "
          + what);
    }
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
      if (files.isEmpty()) {
        throw new ConfigException(option + " " + dir.toAbsolutePath() + " holds no .ndjson file: give the folder "
            + "holding " + what);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
