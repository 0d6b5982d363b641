package dev.atconnector.sim.server;

import dev.atconnector.sim.fault.DownloadFaults;
import dev.atconnector.sim.fault.FaultCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerResponse;

/** The state of one download on its way out: bytes sent, the stream faults, and how it ended. */
final class DownloadRun {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadRun.class);
  /** Paced downloads are written in pieces of about a tenth of a second each. */
  private static final int PACE_STEPS_PER_SECOND = 10;

  private final ServerState state;
  private final Caller caller;
  private final DownloadFaults.Plan plan;
  private final AtomicBoolean cut = new AtomicBoolean();
  private final AtomicBoolean bodyEnded = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();

  DownloadRun(ServerState state, Caller caller, DownloadFaults.Plan plan) {
    this.state = state;
    this.caller = caller;
    this.plan = plan;
  }

  /** The compressed body with the stream faults applied and bytes counted. */
  Flux<byte[]> shape(Flux<byte[]> compressed) {
    Flux<byte[]> body = plan.cutAt() >= 0 ? truncate(compressed, plan.cutAt()) : compressed;
    long rate = state.config().faults().slowBytesPerSec();
    if (rate > 0) {
      body = pace(body, rate, state.workers());
    }
    // Reactor Netty completes the send normally when the client goes away, so "completed" is only known from here
    return body.doOnNext(chunk -> state.downloads().sent(chunk.length)).doOnComplete(() -> bodyEnded.set(true));
  }

  private Flux<byte[]> truncate(Flux<byte[]> source, long limit) {
    return Flux.defer(() -> {
      long[] sent = {0};
      return source.handle((chunk, sink) -> {
        long room = limit - sent[0];
        if (chunk.length < room) {
          sent[0] += chunk.length;
          sink.next(chunk);
          return;
        }
        if (room > 0) {
          sink.next(Arrays.copyOf(chunk, (int) room));
        }
        sent[0] = limit;
        onCut();
        sink.complete();
      });
    });
  }

  /** Reached the cut point: serve the fault now, so the token is expired before the client sees the end. */
  private void onCut() {
    cut.set(true);
    if (plan.expireToken()) {
      state.tokens().expire(caller.token());
      state.faultCounters().served(FaultCounters.EXPIRE_TOKEN);
    } else {
      state.faultCounters().served(FaultCounters.CUT);
    }
  }

  /** Spreads the bytes over time at the given rate, with timers (never sleeping on a thread). */
  static Flux<byte[]> pace(Flux<byte[]> source, long bytesPerSecond, Scheduler timer) {
    int piece = (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / PACE_STEPS_PER_SECOND));
    return Flux.defer(() -> {
      long startNanos = System.nanoTime();
      long[] released = {0};
      return source
          .concatMapIterable(chunk -> split(chunk, piece), 1)
          .concatMap(bytes -> {
            released[0] += bytes.length;
            long dueNanos = startNanos + (long) (released[0] * 1e9 / bytesPerSecond);
            long waitNanos = dueNanos - System.nanoTime();
            return waitNanos <= 0 ? Mono.just(bytes) : Mono.delay(Duration.ofNanos(waitNanos), timer).thenReturn(bytes);
          }, 1);
    });
  }

  private static List<byte[]> split(byte[] chunk, int piece) {
    List<byte[]> pieces = new ArrayList<>((chunk.length + piece - 1) / piece);
    for (int from = 0; from < chunk.length; from += piece) {
      pieces.add(Arrays.copyOfRange(chunk, from, Math.min(chunk.length, from + piece)));
    }
    return pieces;
  }

  /** After the last byte was written: a cut download loses its connection, without the final chunk. */
  Mono<Void> afterBody(HttpServerResponse res) {
    if (cut.get()) {
      res.withConnection(connection -> connection.channel().close());
    }
    return Mono.empty();
  }

  void finish(SignalType signal) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (!cut.get() && plan.cutAt() >= 0) {
      state.downloadFaults().unused(plan);
    }
    if (signal == SignalType.ON_COMPLETE && bodyEnded.get() && !cut.get()) {
      state.downloads().completed();
      LOG.info("download by {} completed", caller.user());
    } else {
      state.downloads().aborted();
      LOG.info("download by {} aborted ({})", caller.user(), cut.get() ? "cut by fault" : signal);
    }
  }
}
