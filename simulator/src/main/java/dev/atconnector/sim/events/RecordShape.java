package dev.atconnector.sim.events;

/** The shape of one record, reference A.2. */
public enum RecordShape {
  /** (c) flat CADF plus the fields the service added when storing ({@code @timestamp}, {@code event_uuid}, ...). Default. */
  STORED,
  /** (a) a bare CADF event. */
  CADF,
  /** (b) the ingestion envelope {@code {"meta":{...},"payload":{CADF}}}, sometimes with logSourceCRN/saveServiceCopy. */
  ENVELOPE
}
