package dev.atconnector.ingest.sink;

/**
 * What one batch (after its retries) came to. Every input element is counted exactly once across indexed,
 * duplicates and deadLettered.
 *
 * @param indexed documents created
 * @param duplicates documents that already existed (409 on create): not errors
 * @param deadLettered records written to the dead-letter index (decode/normalise dead letters and index rejections)
 * @param retriedItems item retries done along the way (429/5xx per item), for metrics
 * @param bytes estimated bulk bytes sent for this batch
 */
public record BatchResult(long indexed, long duplicates, long deadLettered, long retriedItems, long bytes) {}
