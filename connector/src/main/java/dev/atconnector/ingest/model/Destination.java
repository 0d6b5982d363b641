package dev.atconnector.ingest.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where events land: a {@code logs-*} data stream (the default, where Elastic Security and the Logs UIs look) or
 * the monthly indices {@code <prefix>YYYY.MM}. The decoder asks it for each event's index; the sink, the retraction
 * and the re-read check ask it what covers every stored event.
 */
public sealed interface Destination {
  /** The data stream's type. */
  String TYPE = "logs";
  /** The data stream's dataset, the same as every document's {@code event.dataset}. */
  String DATASET = "ibmcloud.activity_tracker";
  /** The default namespace, as in Elastic's integrations. */
  String DEFAULT_NAMESPACE = "default";
  /** {@code logs-ibmcloud.activity_tracker}: a data stream's name without {@code -<namespace>}. */
  String STREAM_BASE = TYPE + "-" + DATASET;
  /** What covers the data streams of every namespace. */
  String ALL_STREAMS = STREAM_BASE + "-*";

  /** The index (or data stream) an event of {@code eventMillis} is written to. */
  String index(long eventMillis);

  /** What a search covering every event stored here names: the data stream, or {@code <prefix>20*}. */
  String searchTarget();

  /** The name that keeps checkpoints of different destinations apart: the data stream, or the prefix. */
  String checkpointKey();

  /** A user's ingest pipeline every event goes through (bulk {@code pipeline} parameter), if any. */
  Optional<String> pipeline();

  /** The data stream {@code logs-ibmcloud.activity_tracker-<namespace>}. */
  static DataStream dataStream(String namespace) {
    return new DataStream(namespace, Optional.empty(), Optional.empty());
  }

  /** The monthly indices {@code <prefix>YYYY.MM}. */
  static Monthly monthly(String prefix) {
    return new Monthly(prefix, Optional.empty());
  }

  /**
   * {@code logs-ibmcloud.activity_tracker-<namespace>}. Its documents carry {@code data_stream.type/dataset/
   * namespace} (as every Elastic integration's do, written by {@code decode.DataStreamFields}): the template maps
   * them {@code constant_keyword}, so they cost about 90 bytes of {@code _source} per event before compression and
   * nothing in the index. {@code retention}:
   * how long the data stream keeps events (ILM delete phase or data stream lifecycle), empty for ever.
   */
  record DataStream(String namespace, Optional<String> pipeline, Optional<String> retention) implements Destination {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_.]+");

    public DataStream {
      checkNamespace(namespace);
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(retention, "retention");
    }

    /**
     * Checks a namespace as Elasticsearch and Fleet do: 1-100 bytes, lowercase, none of {@code \ / * ? " < > | ,
     * # :}, space or {@code -} (the dash separates the parts of a data stream's name).
     *
     * @throws IllegalArgumentException naming the namespace and the rule it breaks
     */
    public static String checkNamespace(String namespace) {
      if (namespace == null || namespace.isEmpty() || namespace.length() > 100
          || !NAMESPACE.matcher(namespace).matches() || namespace.startsWith(".") || namespace.startsWith("_")) {
        throw new IllegalArgumentException("namespace '" + namespace + "' is not usable in a data stream name:"
            + " use 1-100 characters of lowercase a-z, 0-9, '_' or '.' (no '-', which separates the parts of "
            + "logs-" + DATASET + "-<namespace>), not starting with '.' or '_', e.g. 'default' or 'production'");
      }
      return namespace.toLowerCase(Locale.ROOT);
    }

    /** The data stream's name. */
    public String name() {
      return STREAM_BASE + "-" + namespace;
    }

    /** This destination with a user's ingest pipeline. */
    public DataStream withPipeline(Optional<String> p) {
      return new DataStream(namespace, p, retention);
    }

    @Override
    public String index(long eventMillis) {
      return name();
    }

    @Override
    public String searchTarget() {
      return name();
    }

    @Override
    public String checkpointKey() {
      return name();
    }

    @Override
    public String toString() {
      return "data stream " + name();
    }
  }

  /** The monthly indices {@code <prefix>YYYY.MM}, each event in the month of its own time. */
  record Monthly(String prefix, Optional<String> pipeline) implements Destination {
    public Monthly {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(pipeline, "pipeline");
    }

    public Monthly withPipeline(Optional<String> p) {
      return new Monthly(prefix, p);
    }

    /** The same destination for another prefix (each source of a sources file has its own). */
    public Monthly withPrefix(String p) {
      return new Monthly(p, pipeline);
    }

    @Override
    public String index(long eventMillis) {
      return prefix + UtcCalendar.monthSuffix(eventMillis);
    }

    @Override
    public String searchTarget() {
      return IndexNames.allMonths(prefix);
    }

    @Override
    public String checkpointKey() {
      return prefix;
    }

    @Override
    public String toString() {
      return "monthly indices " + prefix + "YYYY.MM";
    }
  }
}
