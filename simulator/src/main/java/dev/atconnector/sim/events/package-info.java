/**
 * Deterministic, realistic Activity Tracker events and their streamed gzip download body.
 *
 * <p>Entry points: {@link dev.atconnector.sim.events.EventCatalog} (counts, per-day status, expected ids, lazy framed
 * records) and {@link dev.atconnector.sim.events.GzipChunks} (the compressed body, chunk by chunk). A download is
 * described by a {@link dev.atconnector.sim.events.DownloadSpec}: scope, inclusive UTC day range, optional SearchTime
 * hour, {@link dev.atconnector.sim.events.Framing}, {@link dev.atconnector.sim.events.RecordShape}, gzip members and
 * content faults. The same spec always gives the same bytes.
 *
 * <p>Serving a download: create one {@code GzipChunks} per response, pull it from {@code Flux.generate} subscribed
 * on a worker scheduler (not an event loop: {@code next()} generates events and may wait a millisecond or two for a
 * block that the catalog's deflate threads are compressing; no I/O), and {@code close()} it on complete, error or
 * cancel. The deflate work of all downloads of a catalog runs on its {@code at-sim-deflate-*} daemon threads (as many
 * as processors, started on demand, gone when idle). {@code EventCatalog} is otherwise immutable and thread-safe apart
 * from a small internal cache for {@code dayStatus}, which generates a whole day once (a few microseconds per event).
 *
 * <p>Identity of records (reference A.4) and its canonical JSON: see {@link dev.atconnector.sim.events.CanonicalJson}
 * and {@link dev.atconnector.sim.events.ExpectedEvents}.
 */
package dev.atconnector.sim.events;
