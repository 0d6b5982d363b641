package dev.atconnector.ingest.cli;

import picocli.CommandLine.Option;

/** {@code --output table|text|json}, on every command. */
final class OutputOptions {
  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default; text is the same) or json (AT_OUTPUT)")
  OutputFormat format;
}
