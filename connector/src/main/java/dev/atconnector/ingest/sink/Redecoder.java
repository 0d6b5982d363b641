package dev.atconnector.ingest.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Position;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one dead letter's original text again, as the download decoder decodes one record: the same parser limits
 * ({@link DecodeLimits}) and the same {@link Normalizer}, at the record's original position, so a replayed event is
 * the document the ingest would have indexed (same _id, same index, same provenance; only {@code event.ingested}
 * is the time of the replay).
 */
final class Redecoder {
  private final Normalizer normalizer;
  private final DecodeLimits limits;
  private final ObjectMapper mapper;

  Redecoder(Normalizer normalizer, DecodeLimits limits) {
    this.normalizer = normalizer;
    this.limits = limits;
    JsonFactory json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxStringLength())
            .maxNestingDepth(limits.maxNestingDepth())
            .build())
        .build();
    // a record is one JSON value: anything after it means the text is not a record
    this.mapper = new ObjectMapper(json).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** A document to index, or a dead letter with today's reason. */
  Decoded decode(Position position, String original) {
    byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limits.maxRecordBytes()) {
      return new DeadLetter(position, DownloadDecoder.STAGE, position + ": record of " + bytes.length
          + " bytes is over the limit of " + limits.maxRecordBytes() + " bytes (--max-record-size)", original);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      return new DeadLetter(position, DownloadDecoder.STAGE, position + ": not valid JSON: "
          + e.getOriginalMessage(), original);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading a byte array failed", e);
    }
    if (tree == null || tree.isMissingNode()) {
      return new DeadLetter(position, DownloadDecoder.STAGE, position + ": empty record", original);
    }
    return normalizer.normalize(position, bytes, tree);
  }
}
