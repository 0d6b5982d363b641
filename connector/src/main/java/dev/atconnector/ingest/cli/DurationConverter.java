package dev.atconnector.ingest.cli;

import dev.atconnector.ingest.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Every duration flag (and its environment variable) in the one syntax of {@link Durations}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
