package dev.atconnector.ingest;

/** Command-line entry point of the connector (placeholder until the pipeline lands). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("connector not built yet");
  }
}
