package dev.atconnector.sim.events;

import java.time.LocalDate;

/**
 * One row of the per-day availability answer ({@code GET /v3/events}, reference A.9).
 *
 * @param date the UTC day
 * @param count events of the scope on that day (in the SearchTime hour only, if one was given)
 * @param sizeBytes uncompressed size of those events as an NDJSON body in the asked record shape, in bytes
 */
public record DayStatus(LocalDate date, long count, long sizeBytes) {}
