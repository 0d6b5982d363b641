package dev.atconnector.ingest.assets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile as its stages: each stage's base and its instructions (continuation lines joined, comments dropped). */
final class Dockerfile {
  private static final Pattern FROM = Pattern.compile("FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);

  /** One build stage. {@code instructions} are e.g. "USER 10001:10001", keyword upper-cased. */
  record Stage(String name, String base, List<String> instructions) {
    List<String> all(String keyword) {
      String prefix = keyword.toUpperCase(Locale.ROOT) + " ";
      return instructions.stream().filter(i -> i.startsWith(prefix)).map(i -> i.substring(prefix.length()).strip())
          .toList();
    }
  }

  private final Map<String, Stage> stages;

  private Dockerfile(Map<String, Stage> stages) {
    this.stages = stages;
  }

  static Dockerfile load(Path file) {
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Stage> stages = new LinkedHashMap<>();
    Stage current = null;
    StringBuilder pending = new StringBuilder();
    for (String raw : text) {
      String line = raw.strip();
      if (line.startsWith("#") || line.isEmpty() && pending.length() == 0) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String instruction = pending.append(line).toString().strip();
      pending.setLength(0);
      Matcher from = FROM.matcher(instruction);
      if (from.matches()) {
        String name = from.group(2) == null ? "stage" + stages.size() : from.group(2);
        current = new Stage(name, from.group(1), new ArrayList<>());
        stages.put(name, current);
      } else if (current != null && !instruction.isEmpty()) {
        int sp = instruction.indexOf(' ');
        String keyword = (sp < 0 ? instruction : instruction.substring(0, sp)).toUpperCase(Locale.ROOT);
        current.instructions().add(keyword + (sp < 0 ? "" : instruction.substring(sp)));
      }
    }
    return new Dockerfile(stages);
  }

  List<String> stageNames() {
    return List.copyOf(stages.keySet());
  }

  Stage stage(String name) {
    Stage s = stages.get(name);
    if (s == null) {
      throw new IllegalStateException("no stage '" + name + "' in the Dockerfile; stages: " + stages.keySet());
    }
    return s;
  }

  /** Whether {@code base} is an earlier stage rather than an image. */
  boolean isStage(String base) {
    return stages.containsKey(base);
  }
}
