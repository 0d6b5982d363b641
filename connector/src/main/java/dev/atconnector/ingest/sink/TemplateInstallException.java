package dev.atconnector.ingest.sink;

/** Elasticsearch refused a template or policy, or could not be reached while installing them. */
public final class TemplateInstallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateInstallException(String message, Throwable cause) {
    super(message, cause);
  }
}
