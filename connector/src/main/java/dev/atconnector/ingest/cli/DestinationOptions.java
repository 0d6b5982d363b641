package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.sink.DataStreamTemplates;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where events land ({@code ingest}, {@code setup}, {@code dead-letter replay}): a data stream or monthly indices. */
final class DestinationOptions {
  static final String DATA_STREAM = "data-stream";
  static final String MONTHLY = "monthly";

  @Option(names = "--destination", paramLabel = "KIND", defaultValue = DATA_STREAM,
      description = "data-stream: the data stream logs-" + Destination.DATASET + "-<namespace>, where Elastic "
          + "Security and the Logs UIs look; monthly: the indices <index-prefix>YYYY.MM (default ${DEFAULT-VALUE}) "
          + "(AT_DESTINATION)")
  String kind;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = Destination.DEFAULT_NAMESPACE,
      description = "the data stream's namespace: lowercase, no '-' (default ${DEFAULT-VALUE}) (AT_NAMESPACE)")
  String namespace;

  @Option(names = "--retention", paramLabel = "DURATION",
      description = "how long the data stream keeps events, e.g. 400d (ILM delete phase where ILM exists, else the "
          + "data stream lifecycle, of the template and of the existing stream; a changed value is applied at the "
          + "next setup or ingest start); default: what the cluster has, for ever at first (AT_RETENTION)")
  String retention;

  @Option(names = "--pipeline", paramLabel = "NAME",
      description = "send every event through this ingest pipeline of yours; it must exist (AT_PIPELINE)")
  String pipeline;

  /**
   * The destination chosen; {@code indexPrefix} names the monthly indices.
   *
   * @throws ConfigException naming the flag when a value is not usable
   */
  Destination destination(String indexPrefix) {
    Optional<String> p = pipeline == null || pipeline.isBlank() ? Optional.empty() : Optional.of(pipeline.trim());
    p.ifPresent(name -> {
      if (!name.matches("[^\\s\"\\\\/*?<>|,#:]{1,255}")) {
        throw new ConfigException("--pipeline (AT_PIPELINE) '" + name + "' is not a pipeline name: no spaces, "
            + "quotes or \\ / * ? < > | , # :");
      }
    });
    String k = kind == null ? DATA_STREAM : kind.trim().toLowerCase(Locale.ROOT);
    switch (k) {
      case DATA_STREAM, "datastream", "data_stream" -> {
        try {
          Optional<String> keep = retention == null || retention.isBlank() ? Optional.empty()
              : Optional.of(DataStreamTemplates.checkRetention(retention.trim()));
          return new Destination.DataStream(namespace, p, keep);
        } catch (IllegalArgumentException e) {
          String flag = e.getMessage().startsWith("retention") ? "--retention (AT_RETENTION)" : "--namespace (AT_NAMESPACE)";
          throw new ConfigException(flag + ": " + e.getMessage(), e);
        }
      }
      case MONTHLY -> {
        Settings.indexPrefix(indexPrefix, "--index-prefix (AT_INDEX_PREFIX)");
        return new Destination.Monthly(indexPrefix, p);
      }
      default -> throw new ConfigException("--destination (AT_DESTINATION) '" + kind + "' is not a destination: use "
          + DATA_STREAM + " (the default) or " + MONTHLY);
    }
  }
}
