package dev.atconnector.ingest.model;

/** What decoding one record yields: a document ready to index, or a dead letter. */
public sealed interface Decoded permits Doc, DeadLetter {
  Position position();
}
