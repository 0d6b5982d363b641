package dev.atconnector.ingest.source;

import java.util.Objects;

/**
 * A credential (token, API key, password) that must never reach a log, an error, a metric or test output:
 * {@link #toString()} is masked, and only {@link #reveal()} gives the value, at the one place it goes on the wire.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /** Wraps a credential; surrounding whitespace (a trailing newline from a file) is dropped. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new Secret(trimmed, "");
  }

  /**
   * The same secret, remembering where it came from (e.g. {@code ES_API_KEY_FILE=/run/secrets/es}), so an
   * authentication failure can name the credential without showing it.
   */
  public Secret from(String where) {
    return new Secret(value, Objects.requireNonNull(where, "where"));
  }

  /** Where the secret came from (an environment variable, or a file setting and path), or "" if not known. */
  public String origin() {
    return origin;
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
