package dev.atconnector.sim.events;

/** How records are laid out inside the (gunzipped) download body, reference A.1. */
public enum Framing {
  /** One JSON record per line (the default). */
  NDJSON,
  /** One JSON array holding all records, one record per line inside it. */
  ARRAY,
  /** JSON values one after another, separated by arbitrary whitespace (not always a newline). */
  CONCATENATED
}
