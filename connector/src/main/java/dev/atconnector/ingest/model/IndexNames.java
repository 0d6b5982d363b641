package dev.atconnector.ingest.model;

/**
 * The names derived from an index prefix, computed here only: the CLI, the sources file, the sink, the templates,
 * the replay and the role all ask for them.
 */
public final class IndexNames {
  /** {@code --index-prefix}'s and a sources file's {@code index_prefix:} default. */
  public static final String DEFAULT_PREFIX = "activity-tracker-";

  private IndexNames() {}

  /** The dead-letter index of {@code prefix}: {@code <prefix>dead-letter}, whatever the destination. */
  public static String deadLetter(String prefix) {
    return prefix + "dead-letter";
  }

  /** What covers every monthly index of {@code prefix} ({@code <prefix>YYYY.MM}): {@code <prefix>20*}. */
  public static String allMonths(String prefix) {
    return prefix + "20*";
  }
}
