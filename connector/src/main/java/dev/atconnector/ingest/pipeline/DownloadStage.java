package dev.atconnector.ingest.pipeline;

import dev.atconnector.ingest.decode.DecodeException;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.DownloadDecoder;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.DeadLetter;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SourceRetry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * the last record already emitted: the re-read prefix is checked against a SHA-256 of the records emitted so far,
 * and only when the prefix matches are they skipped. If the service did not repeat the same bytes, the whole
 * download is emitted again instead; the sink's {@code create} with deterministic ids makes that safe (duplicates).
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

  /** The session's records, in download order, each exactly once (unless a resume could not be verified). */
  public Flux<Decoded> records(AtSession session) {
    return Flux.defer(() -> {
      Resume resume = new Resume();
      return Flux.defer(() -> attempt(session, resume))
          .retryWhen(resumeRetry(session, resume));
    });
  }

  private Flux<Decoded> attempt(AtSession session, Resume resume) {
    Resume.Attempt check = resume.begin();
    // the decoder holds a native inflater: released when the attempt completes, fails or is cancelled
    return Flux.using(() -> new DownloadDecoder(session.id(), limits, normalizer), decoder ->
            client.download(session.id(), body -> Flux.concat(
                    body.map(buf -> {
                      counters.addBytes(buf.readableBytes());
                      return decoder.feed(buf.nioBuffer());
                    }),
                    Mono.fromCallable(decoder::finish)))
                .concatMapIterable(list -> list, 1)
                .filter(check::emit),
            DownloadDecoder::close)
        .onErrorMap(DecodeException.class, e -> new SourceException(SourceException.Kind.UNAVAILABLE,
            "download of session " + session.id() + " could not be decoded: " + e.getMessage(), e));
  }

  private Retry resumeRetry(AtSession session, Resume resume) {
    return Retry.from(signals -> signals.concatMap(rs -> {
      Throwable failure = rs.failure();
      // a body that does not decode (corrupt gzip) fails at the same byte every time: records passed on before it
      // (more or fewer, by where the network split the body) are no progress, so such attempts always count
      boolean progressed = resume.progressedSinceLastFailure() && !(failure.getCause() instanceof DecodeException);
      long attempts = resume.failedAttempt(progressed);
      boolean retryable = failure instanceof SourceException se && se.retryable()
          || failure instanceof ResumeMismatch;
      if (!retryable) {
        return Mono.error(failure);
      }
      if (attempts > retry.maxRetries()) {
        return Mono.error(failure instanceof SourceException se ? se.gaveUp(attempts) : failure);
      }
      counters.downloadRetried(failure);
      LOG.warn("download of session {} broke after {} records ({}); downloading again, attempt {}/{}",
          session.id(), resume.emitted(), failure.getMessage(), attempts, retry.maxRetries());
      return Mono.delay(failure instanceof SourceException se ? retry.delay(se, attempts - 1)
          : java.time.Duration.ZERO, retry.scheduler());
    }));
  }

  /** The prefix re-read after a break did not match what was already emitted. */
  static final class ResumeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResumeMismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** What has been emitted downstream so far, to skip it (verified) on the next attempt. */
  private final class Resume {
    private long emitted;
    private MessageDigest digest = sha256();
    private boolean verified = true;
    private long emittedAtLastFailure;
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
      if (!verified) {
        // the last prefix did not match: emit everything again, from a clean state
        verified = true;
        emitted = 0;
        digest = sha256();
      }
      return new Attempt(emitted, copyOf(digest));
    }

    /** One download attempt: skips (and hashes) the first {@code skip} records, then emits and records the rest. */
    final class Attempt {
      private final long skip;
      private final byte[] expected;
      private final MessageDigest prefix = sha256();
      private long seen;

      Attempt(long skip, MessageDigest snapshot) {
        this.skip = skip;
        this.expected = skip == 0 ? null : snapshot.digest();
      }

      boolean emit(Decoded d) {
        seen++;
        byte[] bytes = bytesOf(d);
        if (seen <= skip) {
          prefix.update(bytes);
          if (seen == skip && !MessageDigest.isEqual(prefix.digest(), expected)) {
            verified = false;
            throw new ResumeMismatch("the download did not repeat the " + skip
                + " records already read; reading it whole again (duplicates are skipped by id)");
          }
          return false;
        }
        digest.update(bytes);
        emitted++;
        return true;
      }
    }
  }

  private static byte[] bytesOf(Decoded d) {
    if (d instanceof Doc doc) {
      return doc.original();
    }
    return ((DeadLetter) d).originalText().getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static MessageDigest copyOf(MessageDigest d) {
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }
}
