package dev.atconnector.ingest.metrics;

/**
 * The two remote ends of a run: the bounded values of the {@code side} tag and the readiness checks. Coarser than
 * {@link dev.atconnector.ingest.failure.Side} on purpose: a run's readiness has one check per end, the token
 * endpoint counts as the source's, and Kibana is no part of a run ({@link #of}).
 */
public enum Side {
  /** Activity Tracker (sessions, downloads, its token endpoint). */
  SOURCE("source", "activity_tracker"),
  /** Elasticsearch. */
  SINK("sink", "elasticsearch");

  /** The end of a run a failure's side belongs to: the source for Activity Tracker and IAM, else the sink. */
  public static Side of(dev.atconnector.ingest.failure.Side side) {
    return side.source() ? SOURCE : SINK;
  }

  /** The failure side requests to this end go to (the token endpoint's failures say so themselves). */
  public dev.atconnector.ingest.failure.Side remote() {
    return this == SOURCE ? dev.atconnector.ingest.failure.Side.ACTIVITY_TRACKER
        : dev.atconnector.ingest.failure.Side.ELASTICSEARCH;
  }

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
