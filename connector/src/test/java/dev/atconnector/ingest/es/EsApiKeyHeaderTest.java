package dev.atconnector.ingest.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.source.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code Authorization: ApiKey} header for a key given as {@code id:api_key} or already encoded. */
class EsApiKeyHeaderTest {
  // the shape of a create-API-key answer: id, api_key, and encoded = base64(id:api_key)
  private static final String ID = "VuaCfGcBCdbkQm-e5aOx";
  private static final String KEY = "ui2lp2axTNmsyakw9tvNnw";
  private static final String ENCODED = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

  private static EsAccess access(String key) {
    return new EsAccess(URI.create("https://es:9200"), Optional.empty(), Optional.empty(),
        Optional.of(Secret.of(key).from("ES_API_KEY_FILE=/run/secrets/es")), Optional.empty(), Optional.empty(),
        Optional.empty(), false);
  }

  @Test
  void idColonKeyIsEncodedAsElasticsearchsEncodedValue() {
    assertThat(Base64.getEncoder().encodeToString((ID + ":" + KEY).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ENCODED);
    assertThat(EsClients.authorization(access(ID + ":" + KEY))).hasValue("ApiKey " + ENCODED);
  }

  @Test
  void anEncodedKeyIsSentAsItIsAlsoWithSurroundingWhitespaceFromAFile() {
    assertThat(EsClients.authorization(access(ENCODED))).hasValue("ApiKey " + ENCODED);
    assertThat(EsClients.authorization(access(ID + ":" + KEY + "\n"))).hasValue("ApiKey " + ENCODED);
  }

  @Test
  void somethingElseIsRefusedNamingTheFileNeverTheValue() {
    assertThatThrownBy(() -> access(ID + ":" + KEY + ":x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ES_API_KEY_FILE=/run/secrets/es").hasMessageContaining("id:api_key")
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> access("has space")).isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("has space");
  }
}
