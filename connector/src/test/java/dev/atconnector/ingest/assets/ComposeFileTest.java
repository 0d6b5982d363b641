package dev.atconnector.ingest.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.cli.CliAccess;
import dev.atconnector.ingest.config.SourceDefinition;
import dev.atconnector.ingest.config.SourcesFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml without a Docker engine: its structure, and its commands against the connector's CLI. */
class ComposeFileTest {
  private static final ComposeFile COMPOSE = ComposeFile.load();
  private static final String CONNECTOR_TARGET = "connector";
  private static final String SECRETS = "/run/secrets/";

  private static String pomProperty(String name) throws IOException {
    String pom = Files.readString(COMPOSE.root().resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as("pom.xml <%s>", name).isTrue();
    return m.group(1);
  }

  private static List<String> connectorServices() {
    return COMPOSE.services().entrySet().stream()
        .filter(e -> e.getValue().path("build").path("target").asText().equals(CONNECTOR_TARGET))
        .map(Map.Entry::getKey).toList();
  }

  @Test
  void theDemoHasTheStackTheSimulatorSetupAndFollowingConnectors() {
    assertThat(COMPOSE.services()).containsKeys("elasticsearch", "kibana", "simulator", "setup");
    assertThat(ComposeFile.command(COMPOSE.service("setup"))).startsWith("setup");
    List<String> followers = connectorServices().stream()
        .filter(s -> ComposeFile.command(COMPOSE.service(s)).containsAll(List.of("ingest", "--follow"))).toList();
    // issue 16: the followers share one sources file, so they share its sources out and take over from each other
    assertThat(followers).hasSizeGreaterThanOrEqualTo(2);
    Set<String> files = followers.stream().map(s -> ComposeFile.flagValue(COMPOSE.service(s), "--config"))
        .collect(java.util.stream.Collectors.toSet());
    assertThat(files).as("one sources file for every follower").hasSize(1);
    for (String s : followers) {
      SourcesFile f = SourcesFile.load(mounted(s, files.iterator().next()),
          java.time.LocalDate.now(java.time.ZoneOffset.UTC));
      assertThat(f.sources()).as("the space's and the account's events (the security dashboard needs these)")
          .anyMatch(d -> !d.accountLevel()).anyMatch(SourceDefinition::accountLevel);
      assertThat(f.sources()).allSatisfy(d -> assertThat(d.endpoint().toString())
          .isEqualTo(COMPOSE.environment(COMPOSE.service(s)).get("AT_ENDPOINT")));
    }
  }

  /** The file of this repository that the service mounts at {@code containerPath} (a {@code volumes} entry). */
  private static Path mounted(String service, String containerPath) {
    for (JsonNode v : COMPOSE.service(service).path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath)) {
        Path file = COMPOSE.root().resolve(parts[0]).normalize();
        assertThat(file).as("%s mounts %s", service, parts[0]).exists();
        return file;
      }
    }
    throw new AssertionError(service + " does not mount " + containerPath);
  }

  @Test
  void everyImageIsPinnedAndTheElasticStackMatchesTheTestedVersion() throws IOException {
    String es = pomProperty("elasticsearch.version");
    String project = pomProperty("version").replace("-SNAPSHOT", "");
    COMPOSE.services().forEach((name, s) -> {
      String image = s.path("image").asText();
      assertThat(image).as("%s: image", name).matches(".+:[^:/]*\\d[^:/]*");
      assertThat(image).as(name).doesNotEndWith(":latest");
    });
    assertThat(COMPOSE.service("elasticsearch").path("image").asText()).endsWith(":" + es);
    assertThat(COMPOSE.service("kibana").path("image").asText()).endsWith(":" + es);
    connectorServices().forEach(s -> assertThat(COMPOSE.service(s).path("image").asText())
        .isEqualTo("at-connector:" + project));
  }

  @Test
  void everyBuildNamesAnExistingDockerfileAndStage() {
    COMPOSE.services().forEach((name, s) -> {
      JsonNode build = s.path("build");
      if (build.isMissingNode()) {
        return;
      }
      Dockerfile file = Dockerfile.load(COMPOSE.root().resolve(build.path("context").asText("."))
          .resolve(build.path("dockerfile").asText("Dockerfile")));
      assertThat(file.stageNames()).as(name).contains(build.path("target").asText());
    });
  }

  @Test
  void everyDependencyExistsAndIsHealthyOrCompletedFirst() {
    Map<String, JsonNode> services = COMPOSE.services();
    services.forEach((name, s) -> s.path("depends_on").properties().forEach(dep -> {
      JsonNode target = services.get(dep.getKey());
      assertThat(target).as("%s depends on unknown service %s", name, dep.getKey()).isNotNull();
      String condition = dep.getValue().path("condition").asText();
      assertThat(condition).as("%s -> %s", name, dep.getKey())
          .isIn("service_healthy", "service_completed_successfully");
      if (condition.equals("service_healthy")) {
        assertThat(target.path("healthcheck").path("test").isArray()).as("%s has a healthcheck", dep.getKey())
            .isTrue();
        assertThat(target.path("healthcheck").path("disable").asBoolean()).isFalse();
      } else {
        assertThat(target.path("restart").asText()).as("%s is one-shot", dep.getKey()).isEqualTo("no");
      }
    }));
  }

  @Test
  void portsArePublishedOnLoopbackOnly() {
    Map<String, String> expected = Map.of("elasticsearch", "9200", "kibana", "5601", "simulator", "8080");
    COMPOSE.services().forEach((name, s) -> s.path("ports").forEach(p ->
        assertThat(p.asText()).as(name).matches("127\\.0\\.0\\.1:\\d+:\\d+")));
    expected.forEach((name, port) -> assertThat(COMPOSE.service(name).path("ports").get(0).asText())
        .isEqualTo("127.0.0.1:" + port + ":" + port));
  }

  @Test
  void theServicesReachEachOtherWhereTheyListen() {
    JsonNode sim = COMPOSE.service("simulator");
    String simPort = ComposeFile.flagValue(sim, "--port");
    assertThat(ComposeFile.flagValue(sim, "--host")).isEqualTo("0.0.0.0");
    assertThat(sim.path("healthcheck").path("test").toString()).contains("127.0.0.1:" + simPort + "/_sim/stats");
    assertThat(ComposeFile.flagValue(COMPOSE.service("setup"), "--kibana-url")).isEqualTo("http://kibana:5601");
    for (String name : connectorServices()) {
      Map<String, String> env = COMPOSE.environment(COMPOSE.service(name));
      assertThat(env).as(name).containsEntry("AT_ENDPOINT", "http://simulator:" + simPort)
          .containsEntry("ES_URL", "https://elasticsearch:9200");
      if (ComposeFile.command(COMPOSE.service(name)).get(0).equals("ingest")) {
        String metrics = env.get("AT_METRICS_PORT");
        assertThat(COMPOSE.service(name).path("healthcheck").path("test").toString())
            .contains("127.0.0.1:" + metrics + "/health/live");
        assertThat(COMPOSE.service(name).path("ports").get(0).asText()).endsWith(":" + metrics);
      }
    }
  }

  @Test
  void setupImportsTheDashboardsAndRulesTheConnectorImageShips() {
    String dir = ComposeFile.flagValue(COMPOSE.service("setup"), "--dashboards");
    Dockerfile file = Dockerfile.load(COMPOSE.root().resolve("Dockerfile"));
    assertThat(file.stage(CONNECTOR_TARGET).all("COPY"))
        .anySatisfy(c -> assertThat(c).contains("dashboards/*.ndjson").endsWith(" " + dir + "/"));
    assertThat(file.stage(CONNECTOR_TARGET).all("COPY"))
        .anySatisfy(c -> assertThat(c).contains("detection-rules/*.ndjson").endsWith(" /app/detection-rules/"));
    // Elastic Security's detection engine needs Elasticsearch security: with it off, importing rules would fail setup
    if (COMPOSE.service("elasticsearch").path("environment").toString().contains("xpack.security.enabled=false")) {
      assertThat(COMPOSE.service("setup").path("command").toString()).contains("--no-detection-rules");
    }
  }

  @Test
  void noSecretIsInlineAndTheDemoTokenIsTheSimulatorsOwn() {
    Pattern secret = Pattern.compile(".*(TOKEN|PASSWORD|API_KEY|SECRET).*");
    COMPOSE.services().forEach((name, s) -> s.path("environment").forEach(kv ->
        assertThat(kv.asText().split("=", 2)[0]).as("%s: a credential belongs in an env file", name)
            .doesNotMatch(secret)));
    String token = COMPOSE.environment(COMPOSE.service("setup")).get("AT_TOKEN");
    assertThat(token).as("docker/demo.env AT_TOKEN").isNotBlank();
    String simToken = ComposeFile.flagValue(COMPOSE.service("simulator"), "--token");
    assertThat(simToken).isEqualTo(token + "=demo@example.com");
  }

  @Test
  void securityIsOnWithCertutilCertificatesAndEveryPasswordFromASecretOrEnvFile() {
    Map<String, String> es = COMPOSE.environment(COMPOSE.service("elasticsearch"));
    assertThat(es).containsEntry("xpack.security.enabled", "true")
        .containsEntry("xpack.security.http.ssl.enabled", "true")
        .containsEntry("ELASTIC_PASSWORD_FILE", SECRETS + "elastic-password");
    assertThat(COMPOSE.service("certs").path("command").asText()).contains("bin/elasticsearch-certutil ca",
        "bin/elasticsearch-certutil cert", es.get("xpack.security.http.ssl.certificate"));
    assertThat(COMPOSE.service("elasticsearch").path("depends_on").path("certs").path("condition").asText())
        .isEqualTo("service_completed_successfully");
    assertThat(COMPOSE.environment(COMPOSE.service("kibana"))).containsEntry("ELASTICSEARCH_HOSTS",
        "https://elasticsearch:9200").containsKey("ELASTICSEARCH_PASSWORD");
    // every /run/secrets/NAME a service uses is mounted into it and declared with a file that exists
    COMPOSE.services().forEach((name, s) -> {
      Matcher m = Pattern.compile(Pattern.quote(SECRETS) + "([a-z-]+)")
          .matcher(s.toString() + COMPOSE.environment(s).values());
      while (m.find()) {
        String secret = m.group(1);
        assertThat(s.path("secrets").toString()).as("%s mounts secret %s", name, secret).contains("\"" + secret + "\"");
        assertThat(COMPOSE.secretFile(secret)).as("secret %s", secret).isRegularFile();
      }
    });
    for (String name : connectorServices()) {
      Map<String, String> env = COMPOSE.environment(COMPOSE.service(name));
      assertThat(env.get("ES_CA_CERT")).as(name).startsWith("/certs/");
      assertThat(COMPOSE.service(name).path("volumes").toString()).as(name).contains("certs:/certs:ro");
    }
    List<String> role = ComposeFile.command(COMPOSE.service("role"));
    assertThat(role).startsWith("setup", "--create-role", "at-connector");
    assertThat(COMPOSE.service("users").path("command").asText()).contains("\\\"roles\\\":[\\\"at-connector\\\"]");
  }

  @Test
  void everyConnectorCommandParsesInTheConnectorsCli() {
    Set<String> knownEnv = new TreeSet<>();
    List<String> envInUse = new ArrayList<>();
    for (String name : connectorServices()) {
      JsonNode s = COMPOSE.service(name);
      List<String> args = ComposeFile.command(s);
      Map<String, String> env = COMPOSE.environment(s);
      envInUse.addAll(env.keySet());
      Optional<String> usage = CliModel.usage(args.get(0));
      if (usage.isEmpty()) {
        assertThat(CliModel.PENDING_COMMANDS).as("%s: the CLI has no command '%s'", name, args.get(0))
            .contains(args.get(0));
        continue; // TODO(integrator): see CliModel
      }
      List<String> checked = new ArrayList<>(CliModel.checkedArgs(args, CliModel.options(usage.get())));
      int config = checked.indexOf("--config");
      if (config >= 0) {
        // the sources file is checked above; the rest of the command must parse as the shared settings
        checked.remove(config + 1);
        checked.remove(config);
      }
      knownEnv.addAll(envNames(usage.get()));
      if (args.get(0).equals("ingest")) {
        // parses every value and runs the validation the command does before it starts: URLs, space, token,
        // credentials (the compose secrets read from their files here, as the container reads them in /run/secrets)
        Map<String, String> local = new java.util.HashMap<>(env);
        local.replaceAll((k, v) -> v.startsWith(SECRETS) ? COMPOSE.secretFile(v.substring(SECRETS.length()))
            .toString() : v);
        assertThat(CliAccess.config(checked.toArray(String[]::new), local).endpoint().toString())
            .isEqualTo(env.get("AT_ENDPOINT"));
      }
    }
    for (String var : envInUse) {
      if (!CliModel.PENDING_ENV.contains(var) || knownEnv.contains(var)) {
        assertThat(knownEnv).as("environment variable %s is read by no connector command", var).contains(var);
      }
    }
  }

  @Test
  void theCliModelSeesOptionsAndRejectsUnknownOnes() {
    Set<String> options = CliModel.options(CliModel.usage("ingest").orElseThrow());
    assertThat(options).contains("--start", "--es-url", "--account", "--es-compress", "--no-es-compress");
    assertThat(CliModel.usage("no-such-command")).isEmpty();
    assertThat(CliModel.checkedArgs(List.of("ingest", "--account", "--follow", "--poll-interval", "1m"), options))
        .startsWith("ingest", "--account", "--follow");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CliModel.checkedArgs(List.of("ingest", "--acount"),
        options)).hasMessageContaining("no option --acount");
  }

  private static Set<String> envNames(String help) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\b((?:AT|ES|KIBANA)_[A-Z_]+)\\b").matcher(help);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void dockerComposeConfigAcceptsTheFileWhereDockerComposeIsInstalled() throws Exception {
    assumeTrue(runs(List.of("docker", "compose", "version")), "docker compose is not installed here");
    Process p = new ProcessBuilder("docker", "compose", "-f", "docker-compose.yml", "config", "-q")
        .directory(COMPOSE.root().toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static boolean runs(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no docker binary at all
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
