package dev.atconnector.ingest.config;

import java.util.List;

/**
 * The sources file ({@code ingest --config}) is wrong. Each problem is one line that names the file, the line and the
 * key ({@code sources.yml:12: sources[1].space: missing; give the space GUID}); the message holds them all. No
 * problem echoes the value of a credential key.
 */
public final class SourcesFileException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SourcesFileException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, in file order. */
  public List<String> problems() {
    return problems;
  }
}
