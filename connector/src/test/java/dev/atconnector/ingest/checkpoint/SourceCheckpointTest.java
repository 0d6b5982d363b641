package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceCheckpointTest {
  @Test
  void aLeaseOfAProcessThatEndedOnThisHostIsVoid() {
    String me = SourceCheckpoint.processOwner();
    String host = me.split("/")[0];
    assertThat(me).matches("[^/]+/" + ProcessHandle.current().pid() + "/[0-9a-f-]{36}");
    assertThat(SourceCheckpoint.deadLocalOwner(me)).as("this process is alive").isFalse();
    assertThat(SourceCheckpoint.deadLocalOwner(host + "/" + Long.MAX_VALUE + "/u")).as("no such pid").isTrue();
    assertThat(SourceCheckpoint.deadLocalOwner("elsewhere.example/" + Long.MAX_VALUE + "/u"))
        .as("another host's process cannot be checked").isFalse();
    assertThat(SourceCheckpoint.deadLocalOwner(host + "/not-a-pid/u")).isFalse();
  }
}
