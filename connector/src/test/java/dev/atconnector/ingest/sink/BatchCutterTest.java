package dev.atconnector.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.model.Doc;
import org.junit.jupiter.api.Test;

class BatchCutterTest {

  @Test
  void cutsBeforeTheDocThatWouldExceedCount() {
    BatchCutter cutter = new BatchCutter(2, Long.MAX_VALUE);
    assertThat(cutter.test(BulkTestData.doc(1))).isFalse();
    assertThat(cutter.test(BulkTestData.doc(2))).isFalse();
    assertThat(cutter.test(BulkTestData.doc(3))).isTrue();
    assertThat(cutter.test(BulkTestData.doc(4))).isFalse();
  }

  @Test
  void cutsBeforeTheDocThatWouldExceedBytesButSendsAnOversizedDocAlone() {
    Doc small = BulkTestData.docOfSize(1, 100);
    Doc big = BulkTestData.docOfSize(2, 10_000);
    BatchCutter cutter = new BatchCutter(100, 2 * small.estimatedBulkBytes());
    assertThat(cutter.test(small)).isFalse();
    assertThat(cutter.test(small)).isFalse();
    assertThat(cutter.test(small)).isTrue();
    assertThat(cutter.test(big)).isTrue();
    assertThat(cutter.test(small)).isTrue();
  }

  @Test
  void aFlushTickClosesANonEmptyBatchOnly() {
    BatchCutter cutter = new BatchCutter(100, Long.MAX_VALUE);
    assertThat(cutter.test(BatchCutter.FLUSH)).isFalse();
    // a batch holding only a tick is closed too, so ticks cannot pile up while idle
    assertThat(cutter.test(BatchCutter.FLUSH)).isTrue();
    assertThat(cutter.test(BulkTestData.doc(1))).isFalse();
    assertThat(cutter.test(BatchCutter.FLUSH)).isTrue();
    assertThat(cutter.test(BulkTestData.deadLetter(2))).isFalse();
  }

  @Test
  void oneLineLeavesCompactSourcesAloneAndBlanksRawNewlines() {
    byte[] compact = BulkTestData.utf8("{\"a\":\"x\\ny\"}");
    assertThat(BulkBodies.oneLine(compact)).isSameAs(compact);
    assertThat(new String(BulkBodies.oneLine(BulkTestData.utf8("{\r\n\"a\":1}")), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{  \"a\":1}");
  }
}
