package dev.atconnector.ingest.decode;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Incremental gunzip of one download body (RFC 1952): any number of members back to back, input split anywhere
 * (also inside a header or trailer), each member's CRC32 and ISIZE checked. A body that does not start with the
 * gzip magic but with JSON ({@code {} or {@code [} after whitespace) passes through unchanged, because a server may
 * send the events uncompressed. Pull-style: {@link #setInput} one chunk, then {@link #read} until it returns 0.
 */
final class Gunzip {
  private static final int FTEXT_MASK = 0xE0; // reserved flag bits 5-7 must be zero
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private enum State { START, PLAIN, HEADER, BODY, TRAILER, BETWEEN, FAILED, ENDED }

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final GzipHeader header = new GzipHeader();
  private final byte[] trailer = new byte[8];
  private State state = State.START;
  private ByteBuffer in = ByteBuffer.allocate(0);
  private long consumedBefore; // compressed bytes of the chunks before the current one
  private int chunkStart;
  private int trailerFill;
  private long memberOut;
  private int members; // members started
  private int verifiedMembers; // members whose CRC32 and ISIZE matched
  private long leadingWhitespace;

  void setInput(ByteBuffer chunk) {
    consumedBefore += in.position() - chunkStart;
    in = chunk;
    chunkStart = chunk.position();
    if (state == State.BODY) {
      inflater.setInput(chunk);
    }
  }

  /**
   * Members whose trailer (CRC32 and ISIZE) matched. A member is verified at the start of the {@link #read} call
   * after the one that returned its last bytes, before that call returns any byte of the next member.
   */
  int verifiedMembers() {
    return verifiedMembers;
  }

  /** True for a body that is plain JSON: there is no checksum, so nothing can be verified or found damaged. */
  boolean plain() {
    return state == State.PLAIN;
  }

  /** Compressed bytes consumed so far. */
  long compressedOffset() {
    return consumedBefore + in.position() - chunkStart;
  }

  /**
   * Writes up to {@code len} decoded bytes to {@code out}.
   *
   * @return the number written; 0 once the current input is used up
   */
  int read(byte[] out, int off, int len) {
    try {
      while (true) {
        switch (state) {
          case START -> {
            if (!in.hasRemaining()) {
              return 0;
            }
            int ws = detect(out, off, len);
            if (ws > 0) {
              return ws;
            }
          }
          case PLAIN -> {
            int n = Math.min(len, in.remaining());
            in.get(out, off, n);
            return n;
          }
          case HEADER -> {
            if (!readHeader()) {
              return 0;
            }
          }
          case BODY -> {
            int n = inflate(out, off, len);
            if (n > 0 || state == State.BODY) {
              return n;
            }
          }
          case TRAILER -> {
            if (!readTrailer()) {
              return 0;
            }
          }
          case BETWEEN -> {
            if (!in.hasRemaining()) {
              return 0;
            }
            startMember();
          }
          default -> throw new IllegalStateException("gunzip used after " + state);
        }
      }
    } catch (DecodeException e) {
      state = State.FAILED;
      inflater.end();
      throw e;
    }
  }

  /** The body ended: fails if it ended inside a member (truncated) or held nothing usable. */
  void finish() {
    State at = state;
    state = State.ENDED;
    inflater.end();
    long offset = compressedOffset();
    switch (at) {
      case PLAIN, BETWEEN -> { }
      case START -> throw DecodeException.truncated(offset == 0 ? "empty download body"
          : "download body holds only whitespace (" + leadingWhitespace + " bytes): neither gzip nor JSON", offset, null);
      case HEADER -> throw truncated("inside the header of gzip member " + members, offset);
      case BODY -> throw truncated("inside gzip member " + members, offset);
      case TRAILER -> throw truncated("inside the trailer (CRC32/ISIZE) of gzip member " + members, offset);
      default -> throw new IllegalStateException("gunzip finished after " + at);
    }
  }

  /** Releases the native inflater early (idempotent); a download abandoned halfway calls this. */
  void close() {
    state = State.ENDED;
    inflater.end();
  }

  private static DecodeException truncated(String where, long offset) {
    return DecodeException.truncated("download truncated: ended " + where + " after " + offset
        + " compressed bytes; the body is incomplete, request the window again", offset, null);
  }

  /**
   * Decides gzip or plain JSON from the first non-whitespace byte. Leading whitespace is handed on as output (it is
   * harmless to the framer if the body turns out to be JSON, and an error follows otherwise).
   *
   * @return how many whitespace bytes were copied to {@code out}, 0 once the state is decided
   */
  private int detect(byte[] out, int off, int len) {
    int n = 0;
    while (in.hasRemaining() && n < len) {
      int b = in.get(in.position()) & 0xFF;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        break;
      }
      out[off + n++] = in.get();
    }
    leadingWhitespace += n;
    if (n > 0 || !in.hasRemaining()) {
      return n;
    }
    int b = in.get(in.position()) & 0xFF;
    if (b == 0x1F) {
      startMember();
    } else if (b == '{' || b == '[') {
      state = State.PLAIN;
    } else {
      throw new DecodeException(String.format(Locale.ROOT,
          "download body is neither gzip (magic 1f 8b) nor JSON: byte 0x%02x at offset %d", b, compressedOffset()),
          compressedOffset(), null);
    }
    return 0;
  }

  private void startMember() {
    members++;
    header.reset();
    crc.reset();
    memberOut = 0;
    trailerFill = 0;
    state = State.HEADER;
  }

  private boolean readHeader() {
    while (in.hasRemaining()) {
      long offset = compressedOffset();
      String problem = header.accept(in.get() & 0xFF);
      if (problem != null) {
        throw new DecodeException(problem + " in gzip member " + members + " at compressed offset " + offset
            + (members > 1 ? " (data after the previous member is not a gzip member)" : ""), offset, null);
      }
      if (header.complete()) {
        inflater.reset();
        inflater.setInput(in);
        state = State.BODY;
        return true;
      }
    }
    return false;
  }

  private int inflate(byte[] out, int off, int len) {
    int n;
    try {
      n = inflater.inflate(out, off, len);
    } catch (DataFormatException e) {
      long offset = compressedOffset();
      throw new DecodeException("corrupt gzip data in member " + members + " at compressed offset " + offset + ": "
          + e.getMessage(), offset, e);
    }
    if (n > 0) {
      crc.update(out, off, n);
      memberOut += n;
    }
    if (inflater.finished()) {
      state = State.TRAILER;
    } else if (n == 0 && inflater.needsDictionary()) {
      throw new DecodeException("gzip member " + members + " needs a preset dictionary, which gzip does not allow",
          compressedOffset(), null);
    }
    return n;
  }

  private boolean readTrailer() {
    while (trailerFill < 8 && in.hasRemaining()) {
      trailer[trailerFill++] = in.get();
    }
    if (trailerFill < 8) {
      return false;
    }
    long expectedCrc = le32(0);
    long expectedSize = le32(4);
    long offset = compressedOffset() - 8; // where the trailer starts
    if (expectedCrc != crc.getValue()) {
      throw new DecodeException(String.format(Locale.ROOT,
          "gzip member %d CRC32 mismatch at compressed offset %d: trailer says %08x, data gives %08x",
          members, offset, expectedCrc, crc.getValue()), offset, null);
    }
    if (expectedSize != (memberOut & 0xFFFFFFFFL)) {
      throw new DecodeException("gzip member " + members + " size mismatch at compressed offset " + offset
          + ": trailer ISIZE " + expectedSize + ", inflated " + memberOut + " bytes", offset, null);
    }
    verifiedMembers++;
    state = State.BETWEEN;
    return true;
  }

  private long le32(int at) {
    return (trailer[at] & 0xFFL) | (trailer[at + 1] & 0xFFL) << 8 | (trailer[at + 2] & 0xFFL) << 16
        | (trailer[at + 3] & 0xFFL) << 24;
  }

  /** Byte-at-a-time gzip header parser, so a header may be split across chunks anywhere. */
  private static final class GzipHeader {
    private final CRC32 headerCrc = new CRC32();
    private int fixed; // bytes of the 10-byte fixed part seen
    private int flags;
    private int extraLenBytes;
    private int extraLeft;
    private int hcrcBytes;
    private int hcrc;
    private boolean done;

    void reset() {
      headerCrc.reset();
      fixed = 0;
      flags = 0;
      extraLenBytes = 0;
      extraLeft = 0;
      hcrcBytes = 0;
      hcrc = 0;
      done = false;
    }

    boolean complete() {
      return done;
    }

    /** @return a problem description, or null */
    String accept(int b) {
      if (fixed < 10) {
        return acceptFixed(b);
      }
      if ((flags & FEXTRA) != 0) {
        headerCrc.update(b);
        if (extraLenBytes < 2) {
          extraLeft |= b << (8 * extraLenBytes++);
        } else {
          extraLeft--;
        }
        if (extraLenBytes == 2 && extraLeft == 0) {
          flags &= ~FEXTRA;
        }
      } else if ((flags & FNAME) != 0) {
        headerCrc.update(b);
        flags &= b == 0 ? ~FNAME : ~0;
      } else if ((flags & FCOMMENT) != 0) {
        headerCrc.update(b);
        flags &= b == 0 ? ~FCOMMENT : ~0;
      } else if ((flags & FHCRC) != 0) {
        hcrc |= b << (8 * hcrcBytes++);
        if (hcrcBytes == 2) {
          if (hcrc != (int) (headerCrc.getValue() & 0xFFFF)) {
            return String.format(Locale.ROOT, "gzip header CRC16 mismatch (header says %04x, header gives %04x)",
                hcrc, headerCrc.getValue() & 0xFFFF);
          }
          flags &= ~FHCRC;
        }
      }
      done = fixed == 10 && (flags & (FEXTRA | FNAME | FCOMMENT | FHCRC)) == 0;
      return null;
    }

    private String acceptFixed(int b) {
      headerCrc.update(b);
      switch (fixed++) {
        case 0 -> {
          if (b != 0x1F) {
            return String.format(Locale.ROOT, "bad gzip magic byte 0x%02x (expected 1f 8b)", b);
          }
        }
        case 1 -> {
          if (b != 0x8B) {
            return String.format(Locale.ROOT, "bad gzip magic byte 0x%02x (expected 1f 8b)", b);
          }
        }
        case 2 -> {
          if (b != 8) {
            return "unsupported gzip compression method " + b + " (only 8, deflate, exists)";
          }
        }
        case 3 -> {
          if ((b & FTEXT_MASK) != 0) {
            return String.format(Locale.ROOT, "reserved gzip header flags set (0x%02x)", b);
          }
          flags = b; // FTEXT (bit 0) is only a hint and needs nothing
        }
        default -> { } // MTIME, XFL, OS: informational
      }
      done = fixed == 10 && (flags & (FEXTRA | FNAME | FCOMMENT | FHCRC)) == 0;
      return null;
    }
  }
}
