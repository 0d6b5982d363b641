package dev.atconnector.ingest.cli;

/** {@code --output}: the seeds' tables for people, JSON for scripts. */
enum OutputFormat {
  TABLE, JSON
}
