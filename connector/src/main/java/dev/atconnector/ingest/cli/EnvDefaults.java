package dev.atconnector.ingest.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every flag also has an environment variable: {@code --es-*} flags read {@code ES_*} (e.g. {@code --es-url} reads
 * {@code ES_URL}), {@code --space} reads {@code AT_SPACE_ID}, every other {@code --flag-name} reads
 * {@code AT_FLAG_NAME}. A flag given on the command line wins.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;

  EnvDefaults(Map<String, String> env) {
    this.env = env;
  }

  static String variableFor(String longName) {
    String bare = longName.replaceFirst("^--", "");
    if (bare.equals("space")) {
      return "AT_SPACE_ID";
    }
    String upper = bare.replace('-', '_').toUpperCase(Locale.ROOT);
    return bare.startsWith("es-") ? upper : "AT_" + upper;
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
    if (argSpec instanceof CommandLine.Model.OptionSpec option) {
      String value = env.get(variableFor(option.longestName()));
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }
}
