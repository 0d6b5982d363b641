package dev.atconnector.ingest.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one source of a {@link SourceScheduler} run ended.
 *
 * @param name the source's name
 * @param value what its work produced, empty if it failed or completed empty
 * @param error why it failed, empty if it succeeded
 * @param waited time from the run's start until the source got its slot
 * @param ran time from getting its slot until it ended
 * @param <T> the work's result type
 */
public record SourceOutcome<T>(String name, Optional<T> value, Optional<Throwable> error, Duration waited,
    Duration ran) {
  public SourceOutcome {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(waited, "waited");
    Objects.requireNonNull(ran, "ran");
  }

  public boolean failed() {
    return error.isPresent();
  }
}
