package dev.atconnector.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void eventsSoFarAreShownWhenCounted() {
    assertThat(ProgressBar.render(2048, OptionalLong.empty(), SECOND, 12_345)).endsWith(" 12,345 events");
    assertThat(ProgressBar.render(2048, OptionalLong.empty(), SECOND, -1)).doesNotContain("events");
  }

  @Test
  void withAKnownLengthShowsBytesOfTotalBarPercentRateAndTime() {
    String line = ProgressBar.render(512 * 1024, OptionalLong.of(1024 * 1024), 2 * SECOND);
    assertThat(line).isEqualTo("512.00 KiB / 1.00 MiB [===============>              ]  50.00% 256.00 KiB/s 2s");
  }

  @Test
  void aFullBarHasNoArrowAndMoreThanTheLengthShowsOverHundredPercent() {
    assertThat(ProgressBar.render(100, OptionalLong.of(100), SECOND)).contains("[" + "=".repeat(30) + "]", "100.00%");
    // the seeds' own example: 29.89 KiB of 12.19 KiB is 245.14%
    assertThat(ProgressBar.render(30_607, OptionalLong.of(12_482), SECOND)).contains("29.89 KiB / 12.19 KiB",
        "245.21%", "[" + "=".repeat(30) + "]");
  }

  @Test
  void withoutALengthShowsBytesRateAndTimeOnly() {
    assertThat(ProgressBar.render(3L * 1024 * 1024 * 1024, OptionalLong.empty(), 125 * SECOND))
        .isEqualTo("3.00 GiB 24.58 MiB/s 2m5s");
    assertThat(ProgressBar.render(0, OptionalLong.empty(), 0)).isEqualTo("0 B - 0s");
  }

  @Test
  void sizesUseBinaryUnits() {
    assertThat(ProgressBar.size(1023)).isEqualTo("1023 B");
    assertThat(ProgressBar.size(1024)).isEqualTo("1.00 KiB");
    assertThat(ProgressBar.size(10_200_547)).isEqualTo("9.73 MiB");
    assertThat(ProgressBar.duration(7_380)).isEqualTo("2h3m");
  }

  @Test
  void theReporterRedrawsAtMostEveryIntervalAndEndsTheLine() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressReporter r = new ProgressReporter(new PrintWriter(err), true, now::get);
    r.start(OptionalLong.empty());
    r.add(1000);
    assertThat(err.toString()).as("nothing before the first interval").isEmpty();
    now.addAndGet(ProgressReporter.EVERY_MS * 1_000_000);
    r.add(1000);
    r.add(1000);
    assertThat(err.toString()).isEqualTo("\r1.95 KiB 9.77 KiB/s 0s");
    now.addAndGet(SECOND);
    r.finish();
    assertThat(err.toString()).endsWith("\r2.93 KiB 2.44 KiB/s 1s" + System.lineSeparator());
    assertThat(r.bytes()).isEqualTo(3000);
  }

  @Test
  void aDisabledReporterWritesNothingButStillCounts() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressReporter r = new ProgressReporter(new PrintWriter(err), false, now::get);
    r.start(OptionalLong.of(10));
    now.addAndGet(SECOND);
    r.add(10);
    r.finish();
    assertThat(err.toString()).isEmpty();
    assertThat(r.bytes()).isEqualTo(10);
  }

  @Test
  void aShorterLineBlanksTheRestOfTheLongerOne() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressReporter r = new ProgressReporter(new PrintWriter(err), true, now::get);
    r.start(OptionalLong.empty());
    now.addAndGet(SECOND / 100);
    now.addAndGet(ProgressReporter.EVERY_MS * 1_000_000);
    r.add(1000); // 1000 B 4.72 KiB/s 0s
    now.addAndGet(100 * SECOND);
    r.add(1); // a slower rate renders shorter
    String[] draws = err.toString().split("\r");
    assertThat(draws[2].length()).isEqualTo(draws[1].length());
    assertThat(draws[2]).endsWith(" ");
  }
}
