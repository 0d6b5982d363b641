package dev.atconnector.ingest.app;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run did: a result per source (one-shot: every source, in the order given; {@code --follow}: each source
 * that failed in this process, and the run's own failure if its coordination failed), and with {@code --follow} the
 * coordinator's tally.
 */
public record RunOutcome(List<SourceResult> sources, Optional<FollowTally> follow) {
  public RunOutcome {
    sources = List.copyOf(sources);
    Objects.requireNonNull(follow, "follow");
  }

  /** The first source that failed, in the order of {@link #sources()}. */
  public Optional<SourceResult> firstFailure() {
    return sources.stream().filter(s -> s.how() == SourceResult.How.FAILED).findFirst();
  }

  /**
   * What a {@code --follow} process did over its life.
   *
   * @param inFile sources given
   * @param claimed claims this process made
   * @param takenOver claims that took a source over from a process that stopped renewing
   * @param handedOver sources handed over to others at a window boundary
   * @param failed sources that failed here (left to the others)
   */
  public record FollowTally(int inFile, int claimed, int takenOver, int handedOver, int failed) {}
}
