package dev.atconnector.ingest.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml as data: services, their commands, and each service's environment (env files included). */
final class ComposeFile {
  private final Path root;
  private final JsonNode yaml;

  private ComposeFile(Path root, JsonNode yaml) {
    this.root = root;
    this.yaml = yaml;
  }

  static ComposeFile load() {
    Path root = Repo.root();
    try {
      return new ComposeFile(root, new ObjectMapper(new YAMLFactory()).readTree(
          Files.readString(root.resolve("docker-compose.yml"), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read docker-compose.yml", e);
    }
  }

  Path root() {
    return root;
  }

  Map<String, JsonNode> services() {
    Map<String, JsonNode> services = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : yaml.path("services").properties()) {
      services.put(e.getKey(), e.getValue());
    }
    return services;
  }

  /** The file of a top-level {@code secrets:} entry, relative to the repository. */
  Path secretFile(String name) {
    JsonNode file = yaml.path("secrets").path(name).path("file");
    if (!file.isTextual()) {
      throw new IllegalStateException("docker-compose.yml declares no secret '" + name + "' with a file");
    }
    return root.resolve(file.asText());
  }

  JsonNode service(String name) {
    JsonNode s = yaml.path("services").path(name);
    if (s.isMissingNode()) {
      throw new IllegalStateException("docker-compose.yml has no service '" + name + "'");
    }
    return s;
  }

  static List<String> command(JsonNode service) {
    List<String> args = new ArrayList<>();
    service.path("command").forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The value following {@code flag} in the service's command. */
  static String flagValue(JsonNode service, String flag) {
    List<String> args = command(service);
    int i = args.indexOf(flag);
    if (i < 0 || i + 1 >= args.size()) {
      throw new IllegalStateException("command " + args + " has no value for " + flag);
    }
    return args.get(i + 1);
  }

  /** env_file entries first, then {@code environment} (a list of K=V or a map), later ones winning, as compose does. */
  Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode f : service.path("env_file")) {
      env.putAll(envFile(root.resolve(f.asText())));
    }
    JsonNode e = service.path("environment");
    if (e.isArray()) {
      e.forEach(kv -> {
        String[] parts = kv.asText().split("=", 2);
        env.put(parts[0], parts.length > 1 ? parts[1] : "");
      });
    } else {
      e.properties().forEach(kv -> env.put(kv.getKey(), kv.getValue().asText()));
    }
    return env;
  }

  static Map<String, String> envFile(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException(file + ": not KEY=VALUE: " + t);
        }
        env.put(t.substring(0, eq), t.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read env file " + file, e);
    }
    return env;
  }
}
