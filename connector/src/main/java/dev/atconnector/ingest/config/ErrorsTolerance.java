package dev.atconnector.ingest.config;

/**
 * What a run does with a window whose content fails on every attempt (a download that never decodes, a damage that
 * stays after its take-backs), in the spirit of Kafka Connect's {@code errors.tolerance} ({@code --errors-tolerance}).
 * Transport failures (the service down, a storm of 5xx, auth) are not content failures: they stop the run either way.
 */
public enum ErrorsTolerance {
  /** The run stops at the window (exit 4), as before issue 15: the checkpoint stays before it. */
  NONE,
  /**
   * The window is recorded as failed in the checkpoint (reason, attempts, when, sessions) and later windows go on;
   * {@code completed_through} stays before it, and {@code ingest --retry-failed} reads it again on demand.
   */
  WINDOW
}
