package dev.atconnector.ingest.config;

import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a source's credential is, never the credential itself: an environment variable's name or a file's path
 * (relative paths already resolved against the sources file's folder). {@link #resolve} reads it when the run starts;
 * its errors name the sources file, line and key, never the value.
 *
 * @param kind token or API key, from the environment or a file
 * @param reference the variable name, or the absolute file path
 * @param origin {@code file:line: sources[i].key}, for messages
 */
public record CredentialRef(Kind kind, String reference, String origin) {
  /** The four ways to refer to a credential; each is also the key in the file. */
  public enum Kind {
    TOKEN_ENV(SourceKeys.TOKEN_ENV, true),
    TOKEN_FILE(SourceKeys.TOKEN_FILE, true),
    API_KEY_ENV(SourceKeys.API_KEY_ENV, false),
    API_KEY_FILE(SourceKeys.API_KEY_FILE, false);

    private final String key;
    private final boolean token;

    Kind(String key, boolean token) {
      this.key = key;
      this.token = token;
    }

    public String key() {
      return key;
    }

    /** True for a token, false for an API key to exchange for tokens. */
    public boolean isToken() {
      return token;
    }

    boolean fromFile() {
      return this == TOKEN_FILE || this == API_KEY_FILE;
    }

    static Kind ofKey(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw new IllegalArgumentException("not a credential key: " + key);
    }
  }

  public CredentialRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(origin, "origin");
  }

  /** The credential now: the variable's value, or the file's content (trimmed). */
  public Secret resolve(Map<String, String> env) {
    if (kind.fromFile()) {
      Path file = Path.of(reference);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException(origin + ": the file " + file + " cannot be read ("
            + e.getClass().getSimpleName() + "); create it holding the credential, or fix the path");
      }
      if (text.isBlank()) {
        throw new ConfigException(origin + ": the file " + file + " is empty; put the credential in it");
      }
      return Secret.of(text);
    }
    String value = env.get(reference);
    if (value == null || value.isBlank()) {
      throw new ConfigException(origin + ": the environment variable " + reference + " is not set (or empty); "
          + "export it before starting the connector");
    }
    return Secret.of(value);
  }
}
