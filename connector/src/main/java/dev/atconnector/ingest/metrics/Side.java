package dev.atconnector.ingest.metrics;

/** The two remote ends of a run: the bounded values of the {@code side} tag. */
public enum Side {
  /** Activity Tracker (sessions, downloads, its token endpoint). */
  SOURCE("source", "activity_tracker"),
  /** Elasticsearch. */
  SINK("sink", "elasticsearch");

  private final String tag;
  private final String check;

  Side(String tag, String check) {
    this.tag = tag;
    this.check = check;
  }

  /** The metric tag value. */
  public String tag() {
    return tag;
  }

  /** The name of this side's check in the readiness body. */
  public String check() {
    return check;
  }
}
