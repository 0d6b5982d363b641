package dev.atconnector.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.sink.SinkException;
import dev.atconnector.ingest.source.SourceException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** What --errors-tolerance window may go past (content) and what still stops the run (transport). */
class ContentFailureTest {
  @Test
  void aDownloadThatNeverDecodesOrStaysDamagedIsContent() {
    DamagedDownloadException damaged = DamagedDownloadException.damaged("crc",
        new DecodeException("CRC32 mismatch", 10, null));
    assertThat(ContentFailure.is(damaged)).isTrue();
    assertThat(ContentFailure.is(damaged.gaveUp(6))).as("the gave-up failure wraps the last one").isTrue();
    assertThat(ContentFailure.is(DamagedDownloadException.resumeMismatch("prefix differs").gaveUp(6))).isTrue();
    SourceException undecodable = new SourceException(SourceException.Kind.UNAVAILABLE, "could not be decoded",
        DecodeException.truncated("record cut", 5, null));
    assertThat(ContentFailure.is(undecodable.gaveUp(6))).isTrue();
  }

  @Test
  void transportFailuresAreNot() {
    assertThat(ContentFailure.is(new SourceException(SourceException.Kind.UNAVAILABLE, 503, "unavailable", null,
        null).gaveUp(6))).isFalse();
    assertThat(ContentFailure.is(new SourceException(SourceException.Kind.UNAVAILABLE, "cut",
        new ConnectException("refused")))).isFalse();
    assertThat(ContentFailure.is(new SourceException(SourceException.Kind.AUTH, 401, "no", null, null))).isFalse();
    assertThat(ContentFailure.is(new SinkException("bulk failed", false, null))).isFalse();
  }
}
