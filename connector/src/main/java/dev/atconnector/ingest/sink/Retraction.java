package dev.atconnector.ingest.sink;

import reactor.core.publisher.Mono;

/**
 * Takes back what a download session stored from a given record on: the documents it created and the dead letters
 * it wrote. Used when those records may be garbled (a damaged download, the pipeline's
 * {@code DamagedDownloadException}), so that reading the window again stores the true records instead of meeting
 * the garbled ones as duplicates. The sink owns it (the pipeline and the checkpoints call it) so that the sink
 * depends on no stage above it.
 */
@FunctionalInterface
public interface Retraction {
  /**
   * @param sessionId the download session whose records are taken back
   * @param fromRecord the first record number (1-based, download order) taken back
   * @return how many documents and dead letters were deleted
   */
  Mono<Long> retract(String sessionId, long fromRecord);

  /** For a job that stores nothing it could take back (a benchmark sink): nothing to do. */
  static Retraction nothingStored() {
    return (sessionId, fromRecord) -> Mono.just(0L);
  }
}
