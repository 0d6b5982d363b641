package dev.atconnector.ingest.app;

import dev.atconnector.ingest.config.IngestConfig;
import java.util.Objects;

/**
 * One source to run.
 *
 * @param name its name in the sources file ({@code cli} for the single source of the command line)
 * @param pool what the service's open-sessions limit is counted over (endpoint and space)
 * @param config the source's settings and the run's
 */
public record SourceRun(String name, String pool, IngestConfig config) {
  public SourceRun {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(config, "config");
  }

  /** The single source of the command line. */
  public static SourceRun single(IngestConfig config) {
    return new SourceRun("cli", config.source().sessionPool(), config);
  }
}
