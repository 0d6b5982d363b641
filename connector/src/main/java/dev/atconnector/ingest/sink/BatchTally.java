package dev.atconnector.ingest.sink;

/**
 * Counts of one batch as its operations settle. Rounds of a batch run strictly one after another (each starts from
 * the previous one's signal), so plain fields are safe: Reactive Streams signals are serial and ordered.
 */
final class BatchTally {
  private final BulkMeters meters;
  long indexed;
  long duplicates;
  long deadLettered;
  long retried;
  long bytes;
  /** Scheduler time (ms) of the batch's first retryable failure, or -1: the start of its outage budget. */
  long firstFailureAt = -1;
  private long publishedIndexed;
  private long publishedDuplicates;

  BatchTally(BulkMeters meters) {
    this.meters = meters;
  }

  /** The operation was created (2xx). */
  void stored(BulkItem item) {
    if (item.isDeadLetter()) {
      deadLetter(item);
    } else {
      indexed++;
    }
  }

  /** The operation's _id already existed (409): for a dead letter, the same dead letter is already stored. */
  void duplicate(BulkItem item) {
    if (item.isDeadLetter()) {
      deadLetter(item);
    } else {
      duplicates++;
    }
  }

  private void deadLetter(BulkItem item) {
    deadLettered++;
    meters.deadLettered(item.deadLetterStage()).increment();
  }

  /** Adds what was settled since the last call to the meters: once per bulk answer, not once per item. */
  void publish() {
    if (indexed > publishedIndexed) {
      meters.indexed.increment(indexed - publishedIndexed);
      publishedIndexed = indexed;
    }
    if (duplicates > publishedDuplicates) {
      meters.duplicates.increment(duplicates - publishedDuplicates);
      publishedDuplicates = duplicates;
    }
  }

  BatchResult result() {
    return new BatchResult(indexed, duplicates, deadLettered, retried, bytes);
  }
}
