package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SourceRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Streams one session's download into decoded records: raw gzip buffers are decoded synchronously as they arrive
 * (nothing queues a Netty buffer), so the subscriber's demand is what reads the socket.
 *
 * <p>A download that breaks (connection cut, token expired, truncated gzip) is downloaded again and resumes after
 * the last record already emitted: the re-read prefix is checked against a running 64-bit sum of the records'
 * checksums ({@link Decoded#checksum()}: CRC32C and length of each record as read), and only when the prefix matches
 * are they skipped.
 *
 * <p>Records are passed on before gzip can vouch for them (a member's CRC32 is at its end). A download that turns
 * out damaged, or whose re-read prefix does not match, therefore ends with {@link DamagedDownloadException} and is
 * not resumed: the records after the last verified member ({@link Download#suspectFrom()}) may be garbled, and only
 * the caller, once the sink has settled them, can take them back before reading the window again.
 */
public final class DownloadStage {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadStage.class);

  private final AtClient client;
  private final DecodeLimits limits;
  private final Normalizer normalizer;
  private final SourceRetry retry;
  private final IngestCounters counters;

  public DownloadStage(AtClient client, DecodeLimits limits, Normalizer normalizer, SourceRetry retry,
      IngestCounters counters) {
    this.client = client;
    this.limits = limits;
    this.normalizer = normalizer;
    this.retry = retry;
    this.counters = counters;
  }

  /** One read of the session's download (with its resumes); subscribe to {@link Download#records()} once. */
  public Download open(AtSession session) {
    return new Download(session);
  }

  /** One read of a session's download: its records, and which of them gzip has not vouched for. */
  public final class Download {
    private final AtSession session;
    private final Resume resume = new Resume();

    private Download(AtSession session) {
      this.session = session;
    }

    /**
     * The session's records, in download order, each exactly once; errors with {@link DamagedDownloadException}
     * when the download turns out damaged or a resume cannot be verified.
     */
    public Flux<Decoded> records() {
      return Flux.defer(() -> attempt(session, resume)).retryWhen(resumeRetry(session, resume));
    }

    public String sessionId() {
      return session.id();
    }

    /**
     * The lowest record number passed on that no verified gzip member covers ({@code Long.MAX_VALUE} when there is
     * none): after a damaged download or an unfinished read, records numbered from here on may be garbled. Read it
     * once {@link #records()} has terminated.
     */
    public long suspectFrom() {
      return resume.suspectFrom;
    }
  }

  private Flux<Decoded> attempt(AtSession session, Resume resume) {
    Resume.Attempt check = resume.begin();
    // the decoder holds a native inflater: released when the attempt completes, fails or is cancelled, after its
    // verified count is noted (Flux.using cleans up before it passes the terminal signal on)
    return Flux.using(() -> new DownloadDecoder(session.id(), limits, normalizer), decoder ->
            client.download(session.id(), body -> Flux.concat(
                    body.map(buf -> {
                      counters.addBytes(buf.readableBytes());
                      return decoder.feed(buf.nioBuffer());
                    }),
                    Mono.fromCallable(decoder::finish)))
                .concatMapIterable(list -> list, 1)
                .filter(check::emit),
            decoder -> {
              check.ended(decoder.verifiedRecords());
              decoder.close();
            })
        .onErrorMap(DecodeException.class, e -> {
          String message = "download of session " + session.id() + " could not be decoded: " + e.getMessage();
          return e.damaged() ? DamagedDownloadException.damaged(message, e)
              : new SourceException(SourceException.Kind.UNAVAILABLE, message, e);
        });
  }

  private Retry resumeRetry(AtSession session, Resume resume) {
    return Retry.from(signals -> signals.concatMap(rs -> {
      Throwable failure = rs.failure();
      if (failure instanceof DamagedDownloadException) {
        return Mono.error(failure); // never resumed: the job takes the suspect records back and starts over
      }
      long attempts = resume.failedAttempt(resume.progressedSinceLastFailure());
      if (!(failure instanceof SourceException se) || !se.retryable()) {
        return Mono.error(failure);
      }
      if (attempts > retry.maxRetries()) {
        return Mono.error(se.gaveUp(attempts));
      }
      counters.downloadRetried(failure);
      LOG.warn("download of session {} broke after {} records ({}); downloading again, attempt {}/{}",
          session.id(), resume.emitted(), failure.getMessage(), attempts, retry.maxRetries());
      return Mono.delay(retry.delay(se, attempts - 1), retry.scheduler());
    }));
  }

  /** What has been emitted downstream so far, to skip it (verified) on the next attempt. */
  private final class Resume {
    private long emitted;
    private long sum; // order-sensitive combination of the emitted records' checksums
    private long emittedAtLastFailure;
    private long suspectFrom = Long.MAX_VALUE;
    private long attemptsWithoutProgress;

    long emitted() {
      return emitted;
    }

    boolean progressedSinceLastFailure() {
      boolean progressed = emitted > emittedAtLastFailure;
      emittedAtLastFailure = emitted;
      return progressed;
    }

    /** Counts a failure; attempts restart from 1 whenever the failed attempt made progress. */
    long failedAttempt(boolean progressed) {
      attemptsWithoutProgress = progressed ? 1 : attemptsWithoutProgress + 1;
      return attemptsWithoutProgress;
    }

    Attempt begin() {
      return new Attempt(emitted, sum);
    }

    /** One download attempt: skips (and sums) the first {@code skip} records, then emits and sums the rest. */
    final class Attempt {
      private final long skip;
      private final long expected;
      private long prefix;
      private long seen;
      private long lastEmitted;

      Attempt(long skip, long expected) {
        this.skip = skip;
        this.expected = expected;
      }

      boolean emit(Decoded d) {
        seen++;
        if (seen <= skip) {
          prefix = combine(prefix, d.checksum());
          if (seen == skip && prefix != expected) {
            throw DamagedDownloadException.resumeMismatch("download of session " + d.position().sessionId()
                + " did not repeat the " + skip + " records already read when it was resumed");
          }
          return false;
        }
        sum = combine(sum, d.checksum());
        emitted++;
        lastEmitted = d.position().recordNumber();
        return true;
      }

      /** This download ended (any way) with {@code verified} records vouched for by gzip. */
      void ended(long verified) {
        if (lastEmitted > verified) {
          suspectFrom = Math.min(suspectFrom, verified + 1);
        }
      }
    }
  }

  /** Order-sensitive: the same checksums in another order give another sum. */
  private static long combine(long sum, long checksum) {
    return sum * 0x9E3779B97F4A7C15L + checksum;
  }
}
