package dev.atconnector.sim.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  // the shared vector of /work/notes/vector.md; the connector's EventIdentity must give the same bytes and hash
  private static final String INPUT = "{\"b\":1,\"a\":{\"y\":[3,\"ü 東京 🚀\"],\"x\":true},\"c\":null,\"d\":\"q\\\"s\\\\/\"}";
  private static final String CANONICAL = "{\"a\":{\"x\":true,\"y\":[3,\"ü 東京 🚀\"]},\"b\":1,\"c\":null,\"d\":\"q\\\"s\\\\/\"}";
  private static final String SHA = "b7fb295ec97c5b5c4bffb49c534617a6195788ce4ec77062e35b5eb522a2b3d7";

  @Test
  void sharedVectorCanonicalisesToTheAgreedBytesAndHash() {
    byte[] input = INPUT.getBytes(StandardCharsets.UTF_8);

    byte[] canonical = CanonicalJson.canonicalize(input, 0, input.length);

    assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo(CANONICAL);
    assertThat(CanonicalJson.sha256Hex(input, 0, input.length)).isEqualTo(SHA);
  }

  @Test
  void keyOrderAndWhitespaceDoNotChangeTheId() {
    byte[] a = "{ \"x\" : 1 , \"y\" : { \"b\":2, \"a\":[1, 2] } }".getBytes(StandardCharsets.UTF_8);
    byte[] b = "{\"y\":{\"a\":[1,2],\"b\":2},\"x\":1}".getBytes(StandardCharsets.UTF_8);

    assertThat(CanonicalJson.sha256Hex(a, 0, a.length)).isEqualTo(CanonicalJson.sha256Hex(b, 0, b.length));
  }

  @Test
  void arrayOrderChangesTheId() {
    byte[] a = "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8);
    byte[] b = "{\"a\":[2,1]}".getBytes(StandardCharsets.UTF_8);

    assertThat(CanonicalJson.sha256Hex(a, 0, a.length)).isNotEqualTo(CanonicalJson.sha256Hex(b, 0, b.length));
  }

  @Test
  void invalidJsonIsRejectedWithAClearMessage() {
    byte[] bad = "{\"a\":".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CanonicalJson.canonicalize(bad, 0, bad.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON record");
  }
}
