package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 16: every process works out the same shares from the same member documents. */
class SharesTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  private static Member m(String owner, int capacity) {
    return new Member(owner, "g", capacity, 0, T.plusSeconds(60), T);
  }

  @Test
  void nineSourcesOverThreeProcessesAreThreeEach() {
    assertThat(Shares.of(List.of(m("c", 5), m("a", 5), m("b", 5)), 9)).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", 3, "b", 3, "c", 3));
  }

  @Test
  void sharesDifferByAtMostOneAndAddUpWhateverTheOrder() {
    for (int n = 1; n <= 6; n++) {
      int count = n;
      List<Member> members = IntStream.range(0, n).mapToObj(i -> m("p" + (count - i), 100)).toList();
      for (int sources = 0; sources <= 20; sources++) {
        Map<String, Integer> shares = Shares.of(members, sources);
        assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(sources);
        int max = shares.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = shares.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        assertThat(max - min).as("%d sources over %d processes: %s", sources, n, shares).isLessThanOrEqualTo(1);
        List<Member> reversed = new java.util.ArrayList<>(members);
        java.util.Collections.reverse(reversed);
        assertThat(Shares.of(reversed, sources)).isEqualTo(shares);
      }
    }
  }

  @Test
  void aCapacityBindsAndTheOthersTakeTheRestWhileTheyCan() {
    assertThat(Shares.of(List.of(m("a", 1), m("b", 4), m("c", 4)), 9)).containsExactlyInAnyOrderEntriesOf(
        Map.of("a", 1, "b", 4, "c", 4));
    assertThat(Shares.of(List.of(m("a", 2), m("b", 2)), 9)).as("the rest is held by nobody")
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
  }

  @Test
  void theGroupDependsOnTheSourcesNotTheirOrder() {
    SourceId x = new SourceId("h", "s1", false, OptionalInt.empty(), "p-");
    SourceId y = new SourceId("h", "s2", false, OptionalInt.empty(), "p-");
    assertThat(Shares.group(List.of(x, y))).isEqualTo(Shares.group(List.of(y, x))).hasSize(16)
        .isNotEqualTo(Shares.group(List.of(x)));
  }
}
