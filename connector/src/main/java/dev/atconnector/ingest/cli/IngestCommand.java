package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.app.SourceRun;
import dev.atconnector.ingest.config.AtAccess;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.config.ReadRange;
import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.config.SourceSettings;
import dev.atconnector.ingest.config.SourcesFile;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.metrics.LogFormat;
import dev.atconnector.ingest.model.IndexNames;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import dev.atconnector.ingest.sink.IndexTemplates;
import dev.atconnector.ingest.sink.SinkOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code at-connector ingest}: one range of events from download sessions into Elasticsearch. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Download the events of a date range (one session per 15 days, each deleted afterwards) and "
        + "index them into Elasticsearch. Re-running any range adds no duplicates.",
        "A checkpoint per source (in --checkpoint-index) records the last finished window: a run continues after "
            + "it. A --start inside the done days (or the day after) continues; an earlier start, or one leaving a "
            + "gap, starts the checkpoint over at --start. --reread reads the range again regardless.",
        "A window whose content fails on every attempt is recorded as failed and the run goes on "
            + "(--errors-tolerance); the checkpoint's done-through day stays before it; --retry-failed reads it again.",
        "Every flag also reads an environment variable, shown in brackets."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every event indexed, already present, or dead-lettered", "2:bad usage",
        "3:authentication failed (Activity Tracker or Elasticsearch)", "4:source failure (Activity Tracker)",
        "5:sink failure (Elasticsearch)",
        "6:a single source, one-shot: it is held by (or was taken over by) another connector process; not a "
            + "failure under --config",
        "7:one-shot: the range was read but some windows' content failed on every attempt; they are recorded as "
            + "failed (ingest --retry-failed reads them again)",
        "0 also after SIGTERM/SIGINT: the download stops, what was read is flushed, the session deleted, the "
            + "leases released, within 9 s",
        "130:a second signal, or a stop over 9 s: exits at once (the next run deletes the session left open)"})
final class IngestCommand implements Callable<Integer> {
  @Mixin AtOptions at;
  @Mixin EsOptions es;
  @Mixin TlsOptions tls;
  @Mixin RetryOptions retry;
  @Mixin ObservabilityOptions observability;
  @Mixin SinkChoice sinkChoice;
  @Mixin SourcesOptions sources;
  @Mixin CheckpointOptions checkpoint;
  @Mixin DestinationOptions destination;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Mixin RangeOptions range;

  @Option(names = "--index-prefix", paramLabel = "P", defaultValue = IndexTemplates.DEFAULT_PREFIX,
      description = "index prefix: dead letters go to <P>dead-letter, and with --destination monthly events to "
          + "<P>YYYY.MM (default ${DEFAULT-VALUE}) (AT_INDEX_PREFIX)")
  String indexPrefix;

  @Option(names = "--no-templates", negatable = false,
      description = "do not install the index templates at start (AT_NO_TEMPLATES)")
  boolean noTemplates;

  @Option(names = "--preserve-original-event", negatable = false,
      description = "keep each event's downloaded text in event.original (off: smaller documents) "
          + "(AT_PRESERVE_ORIGINAL_EVENT)")
  boolean preserveOriginalEvent;

  @Option(names = "--window-days", paramLabel = "N", defaultValue = "15",
      description = "days per download session, 1-15 (default ${DEFAULT-VALUE}) (AT_WINDOW_DAYS)")
  int windowDays;

  @Option(names = "--batch-docs", paramLabel = "N", defaultValue = "2000",
      description = "documents per bulk request at most (default ${DEFAULT-VALUE}) (AT_BATCH_DOCS)")
  int batchDocs;

  @Option(names = "--batch-size", paramLabel = "SIZE", defaultValue = "5mb",
      description = "bytes per bulk request at most, e.g. 5mb (default ${DEFAULT-VALUE}) (AT_BATCH_SIZE)")
  String batchSize;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2",
      description = "bulk requests in flight at most, 1-8 (default ${DEFAULT-VALUE}) (AT_CONCURRENCY)")
  int concurrency;

  @Option(names = "--flush-interval", paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "send a partial batch after this long (default ${DEFAULT-VALUE}) (AT_FLUSH_INTERVAL)")
  Duration flushInterval;

  @Option(names = "--max-record-size", paramLabel = "SIZE", defaultValue = "4mb",
      description = "largest record accepted; larger ones are dead-lettered (default ${DEFAULT-VALUE}) "
          + "(AT_MAX_RECORD_SIZE)")
  String maxRecordSize;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "give up (and delete the session) when the whole run takes longer (AT_TIMEOUT)")
  Duration timeout;

  private final Map<String, String> env;
  private final Runner runner;

  /** Runs a validated config; the CLI's wiring in production, a stand-in in tests of the flags. */
  interface Runner {
    int run(IngestConfig config);

    /** Where the summary goes, before a run ({@code --output}); a runner that prints none ignores it. */
    default void view(SummaryView view) {
    }

    /** The same run with the bulk bodies built and then dropped ({@code --sink discard}, benchmark only). */
    default int runDiscarding(IngestConfig config) {
      throw new UnsupportedOperationException("this runner cannot discard");
    }

    /**
     * Several sources ({@code --config}), each its own run, concurrently within the scheduler's bounds.
     *
     * @param run what every source shares (each source's config holds it too)
     */
    default int runSources(RunSettings run, List<SourceRun> sources, SourceScheduler scheduler, boolean discard) {
      throw new UnsupportedOperationException("this runner cannot run several sources");
    }
  }

  IngestCommand(Map<String, String> env, Runner runner) {
    this.env = env;
    this.runner = runner;
  }

  @Override
  public Integer call() {
    SummaryView view = new SummaryView(Cli.out(spec), output.format);
    runner.view(view);
    int code = start();
    view.total(code);
    return code;
  }

  private int start() {
    LogFormat logFormat = observability.logFormat();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Optional<SourcesFile> file = sources.sources(today);
    if (file.isPresent()) {
      // the file gives each source's endpoint, space, range, prefix and credential; the flags give the rest
      RunSettings run = runSettings();
      Optional<Path> caCert = Optional.ofNullable(tls.caCert);
      Duration readTimeout = readTimeout();
      List<SourceRun> configs = file.get().sources().stream()
          .map(d -> new SourceRun(d.name(), d.sessionPool(),
              d.toIngestConfig(run, caCert, readTimeout, env, today)))
          .toList();
      SourceScheduler scheduler = sources.scheduler();
      logFormat.apply();
      return runner.runSources(run, configs, scheduler, sinkChoice.discard());
    }
    IngestConfig config = config();
    logFormat.apply();
    return sinkChoice.discard() ? runner.runDiscarding(config) : runner.run(config);
  }

  /** The single source of the flags (no {@code --config}) and the run's settings. */
  IngestConfig config() {
    return new IngestConfig(sourceSettings(), runSettings());
  }

  /** What the flags say the one source is: endpoint, credential, space, level, range, prefix. */
  private SourceSettings sourceSettings() {
    URI endpoint = at.endpoint();
    String space = Settings.required(at.space, "--space (AT_SPACE_ID)");
    LocalDate endDay = range.end == null ? LocalDate.now(ZoneOffset.UTC) : Settings.date(range.end, "--end (AT_END)");
    LocalDate startDay = range.start == null ? endDay.minusDays(13) : Settings.date(range.start, "--start (AT_START)");
    OptionalInt h = range.hour == null ? OptionalInt.empty()
        : OptionalInt.of(Settings.intInRange(range.hour, 0, 23, "--hour (AT_HOUR)"));
    URI uaa = at.uaaUrl(endpoint);
    Settings.indexPrefix(indexPrefix, "--index-prefix (AT_INDEX_PREFIX)");
    Settings.intInRange(windowDays, 1, 15, "--window-days (AT_WINDOW_DAYS)");
    AtAccess access = new AtAccess(endpoint, uaa,
        Settings.secret(env.get("AT_TOKEN"), at.tokenFile, "AT_TOKEN", "--token-file"),
        Settings.secret(env.get("AT_API_KEY"), at.apiKeyFile, "AT_API_KEY", "--api-key-file"),
        Optional.ofNullable(tls.caCert), readTimeout());
    return new SourceSettings(access, space, range.account, new ReadRange(startDay, endDay, h, windowDays), indexPrefix);
  }

  private Duration readTimeout() {
    return Settings.positive(at.readTimeout, "--read-timeout (AT_READ_TIMEOUT)");
  }

  /** What every source of the run shares: Elasticsearch, destination, sink, decoder, checkpoints, metrics. */
  private RunSettings runSettings() {
    EsAccess esAccess = es.access(env);
    Settings.indexPrefix(indexPrefix, "--index-prefix (AT_INDEX_PREFIX)");
    SinkOptions defaults = SinkOptions.defaults(IndexNames.deadLetter(indexPrefix));
    SinkOptions sink = retry.apply(new SinkOptions(
        Settings.intInRange(batchDocs, 1, 100_000, "--batch-docs (AT_BATCH_DOCS)"),
        Settings.bytes(batchSize, "--batch-size (AT_BATCH_SIZE)"),
        Settings.intInRange(concurrency, 1, 8, "--concurrency (AT_CONCURRENCY)"),
        Settings.positive(flushInterval, "--flush-interval (AT_FLUSH_INTERVAL)"),
        defaults.deadLetterIndex(), defaults.retryInitial(), defaults.retryMax(), defaults.maxRetries()));
    long maxRecord = Settings.bytes(maxRecordSize, "--max-record-size (AT_MAX_RECORD_SIZE)");
    DecodeLimits limits = new DecodeLimits((int) Math.min(Integer.MAX_VALUE, maxRecord),
        DecodeLimits.DEFAULTS.maxStringLength(), DecodeLimits.DEFAULTS.maxNestingDepth(),
        DecodeLimits.DEFAULTS.maxDeadLetterTextBytes());
    return RunSettings.builder(esAccess)
        .sink(sink)
        .limits(limits)
        .installTemplates(!noTemplates)
        .preserveOriginalEvent(preserveOriginalEvent)
        .timeout(Optional.ofNullable(timeout).map(t -> Settings.positive(t, "--timeout (AT_TIMEOUT)")))
        .metrics(observability.settings())
        .checkpoint(checkpoint.settings())
        .destination(destination.destination(indexPrefix))
        .backoffScale(retry.backoffScale())
        .build();
  }
}
