package dev.atconnector.ingest.cli;

/**
 * {@code --output}: the seeds' tables (or {@code ingest}'s summary lines) for people, JSON for scripts. {@code text}
 * is {@code table}'s other name: every command takes both.
 */
enum OutputFormat {
  TABLE, TEXT, JSON
}
