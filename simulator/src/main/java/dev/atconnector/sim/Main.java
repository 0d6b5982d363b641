package dev.atconnector.sim;

/** Command-line entry point of the simulator (placeholder until the server lands). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("simulator not built yet");
  }
}
