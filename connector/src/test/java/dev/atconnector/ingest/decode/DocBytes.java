package dev.atconnector.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Destination;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.sim.events.RecordShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Where a document's {@code _source} bytes go (issue 13, "our document ≤ 1.25x the raw event"): decodes a simulator
 * day (NDJSON, the CADF shape the service downloads) as a data stream's documents and prints the raw line's bytes,
 * the document's bytes, and each leaf field's share ({@code "name":value,} of the leaf, its parents' names counted
 * once per document). A tool that prints figures, not a test; first document printed with {@code -Dprint=true}:
 *
 * <pre>java -cp connector/target/classes:connector/target/test-classes:$(cat connector/target/cp.txt) \
 *     dev.atconnector.ingest.decode.DocBytes [events] [shape]</pre>
 */
public final class DocBytes {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DocBytes() {}

  public static void main(String[] args) throws IOException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    RecordShape shape = args.length > 1 ? RecordShape.valueOf(args[1]) : RecordShape.values()[0];
    byte[] body = DecodeBenchmark.body(events, shape);
    long rawBytes = 0;
    long rawLines = 0;
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          if (rawLines == 0 && Boolean.getBoolean("print")) {
            System.out.println(line);
          }
          rawBytes += line.getBytes(StandardCharsets.UTF_8).length;
          rawLines++;
        }
      }
    }
    Map<String, Long> fields = new TreeMap<>();
    long docs = 0;
    long docBytes = 0;
    Normalizer normalizer = new Normalizer(new Destination.DataStream("default", java.util.Optional.empty(), java.util.Optional.empty()), false, java.time.Clock.systemUTC());
    try (DownloadDecoder decoder = new DownloadDecoder("bench", DecodeLimits.DEFAULTS, normalizer)) {
      java.util.List<Decoded> all = new java.util.ArrayList<>(decoder.feed(ByteBuffer.wrap(body)));
      all.addAll(decoder.finish());
      for (Decoded d : all) {
        if (d instanceof Doc doc) {
          if (docs == 0 && Boolean.getBoolean("print")) {
            System.out.println(new String(doc.source(), StandardCharsets.UTF_8));
          }
          docs++;
          docBytes += doc.source().length;
          walk("", MAPPER.readTree(doc.source()), fields);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s: %,d raw lines, %.0f B/line; %,d documents, %.0f B/doc (%.2fx)%n", shape,
        rawLines, (double) rawBytes / rawLines, docs, (double) docBytes / docs,
        ((double) docBytes / docs) / ((double) rawBytes / rawLines));
    for (Map.Entry<String, Long> e : fields.entrySet()) {
      System.out.printf(Locale.ROOT, "%7.1f  %s%n", (double) e.getValue() / docs, e.getKey());
    }
  }

  /** Adds the bytes of each leaf under its dotted path; an object's name (and braces) go to the object's path. */
  private static void walk(String path, JsonNode node, Map<String, Long> fields) {
    if (node.isObject() && !path.endsWith("request_data") && !path.endsWith("response_data")) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
        long nameBytes = f.getKey().getBytes(StandardCharsets.UTF_8).length + 4; // "name": and a comma
        if (f.getValue().isObject() && !child.endsWith("_data")) {
          fields.merge(child + ".{}", nameBytes + 2, Long::sum);
          walk(child, f.getValue(), fields);
        } else {
          fields.merge(child, nameBytes + f.getValue().toString().getBytes(StandardCharsets.UTF_8).length, Long::sum);
        }
      }
    }
  }
}
