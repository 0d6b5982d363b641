package dev.atconnector.ingest.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Turns dead letters, and documents Elasticsearch refused, into documents of the dead-letter index. The _id is a
 * SHA-256 of stage and original text, so replaying a window does not add a second copy of the same dead letter.
 *
 * <p>A dead letter of the decoder holds the record as downloaded in {@code original}. A document Elasticsearch
 * refused holds the document as it was sent ({@code original_format: document}, with {@code target_index} and
 * {@code doc_id}): the record itself is not kept once it is transcoded, and {@code dead-letter replay} sends such a
 * document again as it is, once the mapping is fixed.
 */
final class DeadLetterDocs {
  /** Stage of documents Elasticsearch rejected. */
  static final String INDEX_STAGE = "index";
  /** {@code original_format} of a dead letter holding the indexed document rather than the downloaded record. */
  static final String DOCUMENT_FORMAT = "document";

  private static final JsonFactory JSON = new JsonFactory();

  private final String deadLetterIndex;
  private final Clock clock;

  DeadLetterDocs(String deadLetterIndex, Clock clock) {
    this.deadLetterIndex = deadLetterIndex;
    this.clock = clock;
  }

  /** A dead letter that arrived from decoding or normalising. */
  BulkItem fromDeadLetter(DeadLetter letter) {
    return build(letter, letter.stage(), letter.reason(), null, null, null, letter.originalText(), false);
  }

  /** A document Elasticsearch rejected with {@code errorType: reason}. */
  BulkItem fromRejected(Doc doc, String errorType, String reason) {
    String sent = new String(doc.source(), StandardCharsets.UTF_8);
    return build(doc, INDEX_STAGE, errorType + ": " + reason, errorType, doc.index(), doc.id(), sent, true);
  }

  /**
   * A document whose request alone was over Elasticsearch's {@code http.max_content_length}. Its text is cut to
   * {@code maxOriginalChars} so the dead letter itself fits; the reason says so.
   */
  BulkItem fromTooLarge(Doc doc, int maxOriginalChars) {
    String original = new String(doc.source(), StandardCharsets.UTF_8);
    String reason = "document too large for http.max_content_length (" + doc.estimatedBulkBytes() + " bytes)";
    if (original.length() > maxOriginalChars) {
      original = original.substring(0, maxOriginalChars);
      reason += "; original cut to its first " + maxOriginalChars + " chars";
    }
    return build(doc, INDEX_STAGE, reason, "request_entity_too_large", doc.index(), doc.id(), original, true);
  }

  /** Estimated bulk bytes of an incoming dead letter before it is rendered, for batching. */
  static long estimatedBytes(DeadLetter letter) {
    return letter.originalText().length() + letter.reason().length() + 256L;
  }

  static String idFor(String stage, String originalText) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(stage.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      return HexFormat.of().formatHex(sha.digest(originalText.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }

  private BulkItem build(
      Decoded origin, String stage, String reason, String errorType, String targetIndex, String docId,
      String original, boolean document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(original.length() + reason.length() + 256);
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("@timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock)));
      json.writeStringField("session", origin.position().sessionId());
      json.writeNumberField("record", origin.position().recordNumber());
      json.writeStringField("stage", stage);
      json.writeStringField("reason", reason);
      writeIfPresent(json, "error_type", errorType);
      writeIfPresent(json, "target_index", targetIndex);
      writeIfPresent(json, "doc_id", docId);
      json.writeStringField("original", original);
      if (document) {
        json.writeStringField("original_format", DOCUMENT_FORMAT);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render a dead letter for " + origin.position(), e);
    }
    return new BulkItem(deadLetterIndex, idFor(stage, original), out.toByteArray(), origin, stage);
  }

  private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }
}
