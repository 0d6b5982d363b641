package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BulkBodiesTest {

  @Test
  void aLineBreakAnywhereIsFoundWhateverItsPlaceInTheEightByteWords() {
    for (int length = 1; length <= 41; length++) {
      for (int at = 0; at < length; at++) {
        for (byte lineBreak : new byte[] {'\n', '\r'}) {
          byte[] source = new byte[length];
          Arrays.fill(source, (byte) 'x');
          source[at] = lineBreak;
          byte[] expected = source.clone();
          expected[at] = ' ';

          byte[] line = BulkBodies.oneLine(source);

          assertThat(line).as("length %d, break at %d", length, at).isEqualTo(expected);
          assertThat(source[at]).as("the input is not changed").isEqualTo(lineBreak);
        }
      }
    }
  }

  @Test
  void bytesThatOnlyLookLikeLineBreaksInAWordAreLeftAlone() {
    // 0x0b, 0x0c, 0x8a, 0x8d and multi-byte UTF-8 differ from CR/LF in one bit or only in the high bit
    byte[] source = {0x0b, 0x0c, (byte) 0x8a, (byte) 0x8d, 0x0e, 0x1a, 0x2d, (byte) 0xc3, (byte) 0xa9, 0x09, 'a'};
    assertThat(BulkBodies.oneLine(source)).isSameAs(source);
    assertThat(BulkBodies.oneLine(new byte[0])).isEmpty();
  }
}
