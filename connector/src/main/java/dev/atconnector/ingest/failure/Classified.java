package dev.atconnector.ingest.failure;

/**
 * An exception of ours that knows what it is: {@link Causes} takes its {@link Failure} as it is instead of guessing
 * from the causes. Implemented by the source's, the sink's, the checkpoint's and Kibana's exceptions.
 */
public interface Classified {
  Failure failure();
}
