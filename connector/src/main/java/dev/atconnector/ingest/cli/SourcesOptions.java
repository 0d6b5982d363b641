package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.config.SourcesFile;
import dev.atconnector.ingest.pipeline.SourceScheduler;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The multi-source flags of {@code ingest} (issue 5), as a mixin: {@code --config FILE} lists sources in YAML (see
 * {@link SourcesFile} and {@code config/sources.example.yml}); they run concurrently within
 * {@code --max-concurrent-sessions}. With {@code --config}, the per-source flags (--region, --endpoint, --space,
 * --account, --start, --end, --hour, --index-prefix, --window-days, credentials) come from the file instead.
 */
final class SourcesOptions {
  static final int MAX_SESSIONS_LIMIT = 100;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file of sources to ingest concurrently (see config/sources.example.yml); replaces the "
          + "per-source flags (AT_CONFIG)")
  Path config;

  @Option(names = "--max-concurrent-sessions", paramLabel = "N", defaultValue = "4",
      description = "sources ingesting at once, each holding one session at a time; never more than 25 per space "
          + "(the service allows 30) (default ${DEFAULT-VALUE}) (AT_MAX_CONCURRENT_SESSIONS)")
  int maxConcurrentSessions;

  /** The sources file, validated, if {@code --config} was given. */
  Optional<SourcesFile> sources(LocalDate today) {
    return Optional.ofNullable(config).map(file -> SourcesFile.load(file, today));
  }

  /** The scheduler for these flags. */
  SourceScheduler scheduler() {
    int max = Settings.intInRange(maxConcurrentSessions, 1, MAX_SESSIONS_LIMIT,
        "--max-concurrent-sessions (AT_MAX_CONCURRENT_SESSIONS)");
    return new SourceScheduler(max, SourceScheduler.DEFAULT_MAX_PER_POOL);
  }
}
