package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** Parsing of single settings, each error naming the setting ({@code --flag (ENV_VAR)}) and what to do. */
public final class Settings {
  private Settings() {}

  public static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(name + " is required");
    }
    return value.strip();
  }

  public static URI httpUrl(String value, String name) {
    String v = required(value, name);
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new ConfigException(name + " must be an http(s) URL like https://host:port, got '" + v + "'");
      }
      if (uri.getUserInfo() != null) {
        throw new ConfigException(name + " must not carry credentials in the URL: use the environment "
            + "variables for credentials");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(name + " is not a valid URL: '" + v + "'", e);
    }
  }

  /** The UAA token endpoint: the flag's URL, else the reference's path on the API endpoint itself. */
  public static URI uaaUrl(String flag, URI endpoint) {
    if (flag != null && !flag.isBlank()) {
      return httpUrl(flag, "--uaa-url (AT_UAA_URL)");
    }
    return URI.create(endpoint.toString().replaceAll("/+$", "") + "/UAALoginServerWAR/oauth/token");
  }

  public static LocalDate date(String value, String name) {
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeException e) {
      throw new ConfigException(name + " must be a date YYYY-MM-DD (UTC), got '" + value + "'", e);
    }
  }

  public static int intInRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** A factor of retry backoffs: more than 0, at most 1 ({@code 1}: the documented schedules). */
  public static double backoffScale(double value, String name) {
    if (!(value > 0 && value <= 1)) {
      throw new ConfigException(name + " must be more than 0 and at most 1, got " + value);
    }
    return value;
  }

  public static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(name + " must be strictly positive, got " + value);
    }
    return value;
  }

  /** A size like {@code 5mb}, {@code 512kb} or {@code 1000000}. */
  public static long bytes(String value, String name) {
    String v = required(value, name).toLowerCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("kb")) {
      unit = 1024;
    } else if (v.endsWith("mb")) {
      unit = 1024 * 1024;
    } else if (v.endsWith("gb")) {
      unit = 1024L * 1024 * 1024;
    }
    String digits = unit == 1 ? v : v.substring(0, v.length() - 2);
    try {
      long n = Long.parseLong(digits.strip()) * unit;
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a positive size like 5mb, 512kb or 1048576, got '" + value + "'",
          e);
    }
  }

  /** An Elasticsearch index prefix such as {@code activity-tracker-}: lower case, no characters ES forbids. */
  public static String indexPrefix(String value, String name) {
    if (value == null || value.isBlank() || !value.equals(value.toLowerCase(Locale.ROOT))
        || value.matches(".*[\\\\/*?\"<>| ,#:].*") || value.startsWith("_") || value.startsWith("-")) {
      throw new ConfigException(name + " '" + value + "' is not a valid Elasticsearch index prefix: use lowercase "
          + "letters, digits, '-', '_' or '.'");
    }
    return value;
  }

  /** A secret from an environment value, or else from a file (first line, trimmed). */
  public static Optional<Secret> secret(String envValue, Path file, String envName, String fileFlag) {
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isBlank()) {
          throw new ConfigException(fileFlag + " " + file + " is empty: put the credential in it");
        }
        return Optional.of(Secret.of(text).from(envName + "_FILE=" + file));
      } catch (IOException e) {
        throw new ConfigException(fileFlag + " " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
      }
    }
    if (envValue != null && !envValue.isBlank()) {
      return Optional.of(Secret.of(envValue).from(envName));
    }
    return Optional.empty();
  }
}
