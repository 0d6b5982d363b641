package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The hidden {@code --sink} flag of {@code ingest}: {@code elasticsearch} (the product) or {@code discard}, which
 * does all the work up to the serialised bulk request bodies and then drops them, so the benchmark can measure
 * the connector's own cost apart from Elasticsearch's (bench/README.md). Hidden: it stores nothing.
 */
final class SinkChoice {
  @Option(names = "--sink", paramLabel = "SINK", defaultValue = "elasticsearch", hidden = true,
      description = "elasticsearch, or discard: build every bulk body, then drop it (benchmark only) (AT_SINK)")
  String sink;

  /** @return true for {@code discard} */
  boolean discard() {
    String s = sink == null ? "elasticsearch" : sink.strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "elasticsearch" -> false;
      case "discard" -> true;
      default -> throw new ConfigException("--sink (AT_SINK) '" + sink + "' is not a sink: use elasticsearch (the "
          + "default) or discard (benchmark only: nothing is stored)");
    };
  }
}
