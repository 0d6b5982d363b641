package dev.atconnector.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.decode.Normalizer;
import dev.atconnector.ingest.model.Decoded;
import dev.atconnector.ingest.model.Doc;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.Secret;
import dev.atconnector.ingest.source.SourceException;
import dev.atconnector.ingest.source.SourceRetry;
import dev.atconnector.ingest.source.TokenProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The download stage's resume check without Elasticsearch or the simulator: a small HTTP server on a free port
 * plays the download endpoint, each request answered by the next planned reply, which may cut the body after some
 * bytes (the connection closed before its {@code Content-Length}). Records are written one per gzip flush, so a cut
 * body still yields the records before the cut.
 */
class DownloadStageTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final AtSession SESSION = new AtSession("s-1", "space", "2019-06-01", "2019-06-01", false, "", "",
      "");

  /** One answer of the fake download: the body, sent up to {@code cutAfter} bytes (all of it when not cut). */
  record Reply(byte[] body, int cutAfter) {
    static Reply whole(byte[] body) {
      return new Reply(body, body.length);
    }
  }

  private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<String> sessionIds = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private Thread acceptor;

  /**
   * A raw HTTP/1.1 server, one connection per request ({@code Connection: close}): a cut is exactly "fewer bytes than
   * the {@code Content-Length}, then the socket closes", which no HTTP server library lets a handler do reliably.
   */
  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          answer(socket);
        } catch (IOException e) {
          // the server closed at the end of the test, or the client went away: nothing to answer
        }
      }
    }, "fake-download");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void answer(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    String sessionId = null;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.regionMatches(true, 0, "SESSIONID:", 0, 10)) {
        sessionId = line.substring(10).strip();
      }
    }
    sessionIds.add(String.valueOf(sessionId));
    Reply reply = replies.poll();
    OutputStream out = socket.getOutputStream();
    if (reply == null) {
      byte[] body = "{\"message\":\"no reply planned\"}".getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
    } else {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
          + reply.body().length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(reply.body(), 0, reply.cutAfter()); // a cut body: the socket closes before the length is reached
    }
    out.flush();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.join(LIMIT.toMillis());
  }

  private DownloadStage stage(int maxRetries) {
    SourceRetry retry = new SourceRetry(maxRetries, Duration.ZERO, Duration.ZERO, Schedulers.parallel());
    AtClient client = new AtClient(HttpClient.create(), "http://127.0.0.1:" + server.getLocalPort(), "space",
        TokenProvider.fixed(Secret.of("test-token")), retry);
    Normalizer normalizer = new Normalizer("at-", false,
        Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC));
    return new DownloadStage(client, DecodeLimits.DEFAULTS, normalizer, retry,
        new IngestCounters(new SimpleMeterRegistry()));
  }

  private static String record(String id) {
    return "{\"id\":\"" + id + "\",\"eventTime\":\"2019-06-01T08:09:17.25+0000\",\"action\":\"test.read\"}";
  }

  /** One gzip member of the records, flushed after each so the decoder sees each as soon as it is sent. */
  private static byte[] member(List<String> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, true)) {
      for (String r : records) {
        gzip.write((r + "\n").getBytes(StandardCharsets.UTF_8));
        gzip.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static List<String> records(int from, int to, String suffix) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> record("c-" + i + suffix)).toList();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** What a download emitted (ids and record numbers) and how it ended. */
  private record Outcome(List<String> emitted, Throwable failure, long suspectFrom) {}

  private static Outcome read(DownloadStage.Download download) {
    List<String> emitted = new ArrayList<>();
    Throwable failure = null;
    try {
      download.records().doOnNext(d -> emitted.add(describe(d))).blockLast(LIMIT);
    } catch (RuntimeException e) {
      failure = e;
    }
    return new Outcome(emitted, failure, download.suspectFrom());
  }

  private static String describe(Decoded d) {
    return d.position().recordNumber() + ":" + (d instanceof Doc doc ? doc.id() : "dead");
  }

  private static List<String> expected(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> i + ":c-" + i).toList();
  }

  @Test
  void aCutDownloadResumesAfterWhatItEmittedAndEmitsEveryRecordOnce() {
    byte[] first = member(records(1, 5, ""));
    byte[] body = concat(first, member(records(6, 15, "")));
    replies.add(new Reply(body, first.length + (body.length - first.length) / 2));
    replies.add(Reply.whole(body));

    Outcome o = read(stage(3).open(SESSION));

    assertThat(o.failure()).isNull();
    assertThat(o.emitted()).containsExactlyElementsOf(expected(1, 15));
    assertThat(sessionIds).containsExactly("s-1", "s-1");
  }

  @Test
  void aResumeWhoseReReadPrefixDiffersIsDamagedAndNotResumed() {
    byte[] first = member(records(1, 5, ""));
    byte[] body = concat(first, member(records(6, 15, "")));
    int cut = first.length + (body.length - first.length) / 2;
    replies.add(new Reply(body, cut));
    // the service sends other bytes the second time: record 3 changed
    List<String> changed = new ArrayList<>(records(1, 5, ""));
    changed.set(2, record("c-3-other"));
    replies.add(Reply.whole(concat(member(changed), member(records(6, 15, "")))));

    Outcome o = read(stage(3).open(SESSION));

    assertThat(o.failure()).isInstanceOfSatisfying(DamagedDownloadException.class, e -> {
      assertThat(e.resumeMismatch()).isTrue();
      assertThat(e.getMessage()).contains("session s-1").contains("did not repeat the");
    });
    assertThat(o.emitted()).as("only the first read's records; nothing after the mismatch")
        .hasSizeGreaterThan(5).isEqualTo(expected(1, o.emitted().size()));
    assertThat(o.suspectFrom()).as("the first read got past member 1 (records 1-5) only").isEqualTo(6);
    assertThat(sessionIds).hasSize(2);
  }

  @Test
  void aDamagedMemberEndsTheDownloadAtOnceAndNamesTheFirstSuspectRecord() {
    byte[] first = member(records(1, 5, ""));
    // large enough to arrive in several buffers: the records of the last one go down with the failure
    byte[] second = member(records(6, 3000, ""));
    second[second.length - 8] ^= 0x01; // the CRC32 of member 2 no longer matches its data
    replies.add(Reply.whole(concat(first, second)));
    replies.add(Reply.whole(concat(first, second)));

    Outcome o = read(stage(3).open(SESSION));

    assertThat(o.failure()).isInstanceOfSatisfying(DamagedDownloadException.class,
        e -> assertThat(e.resumeMismatch()).isFalse());
    assertThat(o.emitted()).hasSizeGreaterThan(5).isEqualTo(expected(1, o.emitted().size()));
    assertThat(o.suspectFrom()).as("records of member 2 were passed on before its CRC32 failed").isEqualTo(6);
    assertThat(sessionIds).as("a damaged download is never resumed").hasSize(1);
  }

  @Test
  void aWholeVerifiedDownloadHasNoSuspectRecords() {
    replies.add(Reply.whole(concat(member(records(1, 3, "")), member(records(4, 6, "")))));

    Outcome o = read(stage(3).open(SESSION));

    assertThat(o.failure()).isNull();
    assertThat(o.emitted()).isEqualTo(expected(1, 6));
    assertThat(o.suspectFrom()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void cutsThatMakeNoProgressGiveUpAfterTheRetries() {
    byte[] body = member(records(1, 5, ""));
    for (int i = 0; i < 3; i++) {
      replies.add(new Reply(body, 10)); // the gzip header only: no record gets through
    }

    Outcome o = read(stage(2).open(SESSION));

    assertThat(o.failure()).isInstanceOfSatisfying(SourceException.class, e -> {
      assertThat(e).isNotInstanceOf(DamagedDownloadException.class);
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("gave up after 3 attempts");
    });
    assertThat(o.emitted()).isEmpty();
    assertThat(sessionIds).as("the first read and 2 retries").hasSize(3);
  }

  @Test
  void aCutThatMadeProgressStartsTheAttemptsAgain() {
    byte[] body = concat(member(records(1, 40, "")), member(records(41, 80, "")));
    // each read gets further than the last (a quarter of the body holds several records), so 1 retry allowed is
    // enough for 3 cuts
    int step = body.length / 4;
    for (int i = 1; i <= 3; i++) {
      replies.add(new Reply(body, step * i));
    }
    replies.add(Reply.whole(body));

    Outcome o = read(stage(1).open(SESSION));

    assertThat(o.failure()).isNull();
    assertThat(o.emitted()).isEqualTo(expected(1, 80));
    assertThat(sessionIds).hasSize(4);
  }
}
