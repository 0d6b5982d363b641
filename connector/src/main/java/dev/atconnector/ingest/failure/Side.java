package dev.atconnector.ingest.failure;

/** Which end a failure came from: decides whose fault it is, which exit code, and whose credentials to check. */
public enum Side {
  /** Activity Tracker's API: sessions, downloads. */
  ACTIVITY_TRACKER("Activity Tracker"),
  /** Activity Tracker's token endpoint (IBM Cloud IAM / UAA), where an API key becomes a token. */
  IAM("the token endpoint"),
  /** Elasticsearch: bulk writes, templates, checkpoints, dead letters. */
  ELASTICSEARCH("Elasticsearch"),
  /** Kibana: saved objects and detection rules ({@code setup}). */
  KIBANA("Kibana"),
  /** This process: its configuration, files, output, or a bug. */
  LOCAL("at-connector");

  private final String display;

  Side(String display) {
    this.display = display;
  }

  /** How messages name it. */
  public String display() {
    return display;
  }

  /** Activity Tracker or its token endpoint: the source of a run. */
  public boolean source() {
    return this == ACTIVITY_TRACKER || this == IAM;
  }
}
