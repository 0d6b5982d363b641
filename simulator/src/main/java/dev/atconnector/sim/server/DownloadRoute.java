package dev.atconnector.sim.server;

import dev.atconnector.sim.Faults;
import dev.atconnector.sim.SimulatorConfig;
import dev.atconnector.sim.events.DownloadSpec;
import dev.atconnector.sim.events.GzipChunks;
import dev.atconnector.sim.fault.DownloadFaults;
import dev.atconnector.sim.fault.FaultCounters;
import dev.atconnector.sim.session.Session;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /v3/events/download}: the session's events as a gzip file, compressed while it is written. The body is
 * pulled chunk by chunk from {@link GzipChunks} through {@link Flux#generate}, so the channel's writability is the
 * backpressure and a download of any size costs constant memory. Compression runs on the worker scheduler, not the
 * event loop. Stream faults (slow, cut, token expiry) are applied on the way out.
 */
final class DownloadRoute {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadRoute.class);
  static final String SESSION_HEADER = "SESSIONID";

  private final ServerState state;

  DownloadRoute(ServerState state) {
    this.state = state;
  }

  Mono<Void> download(HttpServerRequest req, HttpServerResponse res, Caller caller) {
    String id = req.requestHeaders().get(SESSION_HEADER);
    if (id == null || id.isBlank()) {
      throw ApiError.of(400, "missing_header", "the SESSIONID header is missing; send the id POST /v3/sessions gave");
    }
    Session session = state.sessions().require(id.strip(), caller.space(), caller.user());
    session.startDownload(state.config().clock().instant());
    DownloadSpec spec = state.spec(session.space(), session.query());
    if (state.poisoned(session.query())) {
      spec = spec.garbled();
      state.faultCounters().served(FaultCounters.POISON);
    } else if (state.claimGarble()) {
      spec = spec.garbled();
      state.faultCounters().served(FaultCounters.GARBLE);
    }
    DownloadFaults.Plan plan = state.downloadFaults().plan();
    DownloadRun run = new DownloadRun(state, caller, plan);
    countContentFaults(state.config().faults());
    state.downloads().started();
    LOG.info("download {} started by {} (cut at {} bytes)", session.id(), caller.user(), plan.cutAt());
    Flux<byte[]> body = run.shape(compressed(spec));
    return res.status(HttpResponseStatus.OK)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
        .header(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + session.id() + ".gz\"")
        .send(body.map(Unpooled::wrappedBuffer))
        .then()
        .then(Mono.defer(() -> run.afterBody(res)))
        .doFinally(run::finish);
  }

  private Flux<byte[]> compressed(DownloadSpec spec) {
    SimulatorConfig config = state.config();
    Flux<byte[]> chunks = Flux.generate(
        () -> new GzipChunks(state.catalog(), spec, config.chunkSize(), config.gzipLevel()),
        (gzip, sink) -> {
          byte[] chunk = gzip.next();
          if (chunk == null) {
            sink.complete();
          } else {
            sink.next(chunk);
          }
          return gzip;
        },
        GzipChunks::close);
    return chunks.subscribeOn(state.workers());
  }

  private void countContentFaults(Faults faults) {
    if (faults.corruptGzip()) {
      state.faultCounters().served(FaultCounters.CORRUPT_GZIP);
    }
    if (faults.malformedEvery() > 0) {
      state.faultCounters().served(FaultCounters.MALFORMED);
    }
    if (faults.slowBytesPerSec() > 0) {
      state.faultCounters().served(FaultCounters.SLOW);
    }
  }
}
