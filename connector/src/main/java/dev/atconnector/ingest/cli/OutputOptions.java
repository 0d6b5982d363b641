package dev.atconnector.ingest.cli;

import picocli.CommandLine.Option;

/** {@code --output table|json}. */
final class OutputOptions {
  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (default) or json (AT_OUTPUT)")
  OutputFormat format;
}
