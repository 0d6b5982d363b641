package dev.atconnector.ingest.app;

import dev.atconnector.ingest.config.AtAccess;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.IngestConfig;
import dev.atconnector.ingest.config.ReadRange;
import dev.atconnector.ingest.config.RunSettings;
import dev.atconnector.ingest.config.SourceSettings;
import dev.atconnector.ingest.pipeline.IngestSummary;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SessionRequest;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings and results for tests of the run's orchestration. */
final class Fixtures {
  static final LocalDate DAY = LocalDate.of(2019, 6, 1);
  static final RunSettings RUN = RunSettings.builder(new EsAccess(URI.create("http://127.0.0.1:9200"),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
      false)).build();

  private Fixtures() {}

  static SourceRun source(String name) {
    AtAccess at = new AtAccess(URI.create("https://at.example.test"), URI.create("https://at.example.test/uaa"),
        Optional.of(Secret.of("t")), Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
    SourceSettings s = new SourceSettings(at, "space-" + name, false,
        new ReadRange(DAY, DAY, OptionalInt.empty(), 15), "activity-tracker-");
    return new SourceRun(name, "pool-" + name, new IngestConfig(s, RUN));
  }

  static IngestSummary read(long n) {
    return new IngestSummary(n, n, 0, 0, 10 * n, 1, 1.5);
  }

  static SourceResult result(String name, SourceResult.How how) {
    return new SourceResult(name, how, read(10), List.of(), Optional.empty(), false);
  }

  static SourceResult withFailedWindow(String name) {
    return new SourceResult(name, SourceResult.How.DONE, read(10),
        List.of(new SessionRequest(DAY, DAY, false, OptionalInt.empty())), Optional.empty(), false);
  }

  static SourceResult failed(String name, SourceResult.How how, Throwable failure) {
    return new SourceResult(name, how, read(3), List.of(), Optional.of(failure), false);
  }
}
