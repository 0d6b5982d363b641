package dev.atconnector.sim.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/** Test helpers: compress a spec through {@link GzipChunks}, gunzip it, and split a body back into records. */
final class Bodies {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Bodies() {}

  static byte[] gzip(EventCatalog catalog, DownloadSpec spec, int chunkSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipChunks chunks = new GzipChunks(catalog, spec, chunkSize, 1)) {
      for (byte[] chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
        if (chunk.length == 0 || chunk.length > chunkSize) {
          throw new AssertionError("chunk of " + chunk.length + " bytes, limit " + chunkSize);
        }
        out.write(chunk, 0, chunk.length);
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static byte[] body(EventCatalog catalog, DownloadSpec spec) {
    try {
      return gunzip(gzip(catalog, spec, 16 * 1024));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a well-formed body of any framing into its records (a top-level array is unwrapped). */
  static List<JsonNode> parse(byte[] body) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            records.add(MAPPER.readTree(p));
          }
        } else {
          records.add(MAPPER.readTree(p));
        }
      }
    }
    return records;
  }

  /** The records and malformed lines of a body, resyncing at newlines: each line holds whole records or one bad one. */
  static Decoded parseResync(byte[] body) {
    Decoded decoded = new Decoded();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        parseLine(body, start, i, decoded);
        start = i + 1;
      }
    }
    return decoded;
  }

  private static void parseLine(byte[] body, int from, int to, Decoded decoded) {
    String line = new String(body, from, to - from, java.nio.charset.StandardCharsets.UTF_8).strip();
    if (line.endsWith(",")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty() || line.equals("[") || line.equals("]") || line.equals("[]")) {
      return;
    }
    List<byte[]> records = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(line)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        long start = p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        long end = p.currentLocation().getCharOffset();
        records.add(line.substring((int) start, (int) end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      decoded.malformed.add(line);
      return;
    }
    decoded.records.addAll(records);
  }

  /** What {@link #parseResync} found. */
  static final class Decoded {
    final List<byte[]> records = new ArrayList<>();
    final List<String> malformed = new ArrayList<>();
  }

  /** Counts gzip members by inflating each one and stepping over its trailer. */
  static int members(byte[] gz) throws DataFormatException {
    int count = 0;
    int pos = 0;
    byte[] sink = new byte[65536];
    while (pos < gz.length) {
      if ((gz[pos] & 0xFF) != 0x1f || (gz[pos + 1] & 0xFF) != 0x8b) {
        throw new AssertionError("no gzip member header at offset " + pos);
      }
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, pos + 10, gz.length - pos - 10);
      while (!inflater.finished()) {
        if (inflater.inflate(sink) == 0 && inflater.needsInput()) {
          throw new AssertionError("gzip member at offset " + pos + " is truncated");
        }
      }
      pos = gz.length - inflater.getRemaining() + 8;
      inflater.end();
      count++;
    }
    if (pos != gz.length) {
      throw new AssertionError("trailing bytes after the last member");
    }
    return count;
  }
}
