package dev.atconnector.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.sim.Faults;
import org.junit.jupiter.api.Test;

class DownloadFaultsTest {
  private static DownloadFaults faults(long cutAfter, int cutDownloads, long expireAfter) {
    return new DownloadFaults(new Faults(0, 0, 0, 1, 0, cutAfter, cutDownloads, false, 0, expireAfter));
  }

  @Test
  void onlyTheFirstKDownloadsAreCut() {
    DownloadFaults faults = faults(1000, 2, 0);
    assertThat(faults.plan().cutAt()).isEqualTo(1000);
    assertThat(faults.plan().cutAt()).isEqualTo(1000);
    assertThat(faults.plan()).isEqualTo(DownloadFaults.Plan.NONE);
  }

  @Test
  void zeroCutDownloadsCutsThemAll() {
    DownloadFaults faults = faults(10, 0, 0);
    for (int i = 0; i < 50; i++) {
      assertThat(faults.plan().cut()).isTrue();
    }
  }

  @Test
  void aDownloadThatEndsBeforeTheCutGivesItsClaimBack() {
    DownloadFaults faults = faults(1000, 1, 0);
    DownloadFaults.Plan small = faults.plan();
    assertThat(faults.plan().cut()).isFalse();
    faults.unused(small);
    assertThat(faults.plan().cut()).isTrue();
  }

  @Test
  void tokenExpiryHitsOnlyOneDownload() {
    DownloadFaults faults = faults(0, 1, 500);
    DownloadFaults.Plan first = faults.plan();
    assertThat(first.expireToken()).isTrue();
    assertThat(first.cutAt()).isEqualTo(500);
    assertThat(faults.plan()).isEqualTo(DownloadFaults.Plan.NONE);
    faults.unused(first);
    assertThat(faults.plan().expireToken()).isTrue();
  }

  @Test
  void whenBothApplyTheEarlierPointWinsAndTheOtherStaysAvailable() {
    DownloadFaults faults = faults(100, 1, 500);
    DownloadFaults.Plan first = faults.plan();
    assertThat(first).isEqualTo(new DownloadFaults.Plan(100, true, false));
    assertThat(faults.plan()).isEqualTo(new DownloadFaults.Plan(500, false, true));
    assertThat(faults.plan()).isEqualTo(DownloadFaults.Plan.NONE);
  }
}
