package dev.atconnector.ingest.decode;

import dev.atconnector.ingest.model.Decoded;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds download bodies (gzip members with any header flags) and decodes them in chosen chunkings. */
final class Bodies {
  static final int FTEXT = 1;
  static final int FHCRC = 2;
  static final int FEXTRA = 4;
  static final int FNAME = 8;
  static final int FCOMMENT = 16;
  static final int ALL_FLAGS = FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT;

  private Bodies() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** One gzip member holding {@code data}, its header carrying the optional fields {@code flags} ask for. */
  static byte[] member(byte[] data, int flags) {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
    if ((flags & FEXTRA) != 0) {
      byte[] extra = {'A', 'T', 3, 0, 'x', 'y', 'z'};
      header.write(extra.length);
      header.write(0);
      header.writeBytes(extra);
    }
    if ((flags & FNAME) != 0) {
      header.writeBytes(utf8("events-2018-07-16.json"));
      header.write(0);
    }
    if ((flags & FCOMMENT) != 0) {
      header.writeBytes(utf8("a comment"));
      header.write(0);
    }
    if ((flags & FHCRC) != 0) {
      CRC32 crc = new CRC32();
      crc.update(header.toByteArray());
      header.write((int) crc.getValue() & 0xff);
      header.write((int) (crc.getValue() >> 8) & 0xff);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.toByteArray());
    out.writeBytes(deflate(data));
    CRC32 crc = new CRC32();
    crc.update(data);
    writeLe32(out, crc.getValue());
    writeLe32(out, data.length);
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    return member(data, 0);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(6, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static void writeLe32(ByteArrayOutputStream out, long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >> (8 * i)) & 0xff);
    }
  }

  static DownloadDecoder decoder() {
    return decoder(DecodeLimits.DEFAULTS);
  }

  /** The clock of {@code event.ingested} in tests: fixed, so documents compare byte for byte. */
  static final java.time.Clock CLOCK =
      java.time.Clock.fixed(java.time.Instant.parse("2024-05-06T07:08:09.010Z"), java.time.ZoneOffset.UTC);

  /** A decoder that keeps each record's text in {@code event.original}, so tests can see what was framed. */
  static DownloadDecoder decoder(DecodeLimits limits) {
    return new DownloadDecoder("s-1", limits, new Normalizer("at-", true, CLOCK));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The record text a document or dead letter came from (a document's {@code event.original}). */
  static String original(Decoded d) {
    if (d instanceof dev.atconnector.ingest.model.DeadLetter letter) {
      return letter.originalText();
    }
    try {
      return MAPPER.readTree(((dev.atconnector.ingest.model.Doc) d).source()).at("/event/original").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Decodes {@code body} fed in chunks of {@code chunk} bytes, then finishes. */
  static List<Decoded> decode(byte[] body, int chunk, DecodeLimits limits) {
    DownloadDecoder decoder = decoder(limits);
    List<Decoded> all = new ArrayList<>();
    for (int i = 0; i < body.length; i += chunk) {
      all.addAll(decoder.feed(ByteBuffer.wrap(body, i, Math.min(chunk, body.length - i)).slice()));
    }
    all.addAll(decoder.finish());
    return all;
  }

  static List<Decoded> decode(byte[] body, int chunk) {
    return decode(body, chunk, DecodeLimits.DEFAULTS);
  }

  /** Decodes {@code body} fed as two chunks split at {@code at}. */
  static List<Decoded> decodeSplit(byte[] body, int at) {
    DownloadDecoder decoder = decoder();
    List<Decoded> all = new ArrayList<>(decoder.feed(ByteBuffer.wrap(body, 0, at)));
    all.addAll(decoder.feed(ByteBuffer.wrap(body, at, body.length - at)));
    all.addAll(decoder.finish());
    return all;
  }

  /** A comparable rendering of decoded results (Doc holds arrays, whose equals is identity). */
  static List<String> summary(List<Decoded> decoded) {
    List<String> out = new ArrayList<>();
    for (Decoded d : decoded) {
      if (d instanceof dev.atconnector.ingest.model.Doc doc) {
        out.add("doc " + doc.position() + " id=" + doc.id() + " index=" + doc.index() + " source="
            + new String(doc.source(), StandardCharsets.UTF_8));
      } else {
        out.add(d.toString());
      }
    }
    return out;
  }
}
