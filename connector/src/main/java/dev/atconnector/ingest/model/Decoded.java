package dev.atconnector.ingest.model;

/** What decoding one record yields: a document ready to index, or a dead letter. */
public sealed interface Decoded permits Doc, DeadLetter {
  Position position();

  /**
   * A 64-bit checksum of the record as read (CRC32C in the high half, byte length in the low half): equal for the
   * same record read again, so a resumed download can check that it repeats the records already passed on.
   */
  long checksum();
}
