package dev.atconnector.sim.events;

import java.util.List;

/**
 * The exact events a download of a {@link DownloadSpec} holds, as the connector will identify them.
 *
 * @param count number of good (valid JSON, usable time) records
 * @param ids the document _id the connector must give each good record, per reference A.4 (event_uuid, else CADF
 *     id, else the SHA-256 hex of the record's canonical JSON, see {@link CanonicalJson}); sorted ascending
 * @param digest SHA-256 hex over the sorted ids joined by '\n'
 * @param malformed number of malformed records the content fault adds (not part of count/ids)
 */
public record ExpectedEvents(long count, List<String> ids, String digest, long malformed) {}
