package dev.atconnector.ingest.config;

/** A setting is missing or wrong; the message names the flag and its environment variable and what to do. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
