package dev.atconnector.sim.events;

/**
 * The canonical form used for content-derived ids (reference A.4), shared by contract with the connector's
 * {@code dev.atconnector.ingest.decode.EventIdentity}: object keys sorted by {@link String#compareTo}, recursively;
 * array order kept; no whitespace; strings and numbers as Jackson's default generator writes them; UTF-8; the id is
 * the lowercase hex SHA-256 of those bytes. The input is the whole original record (any shape) as a default
 * Jackson {@code ObjectMapper} reads it from the record's bytes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}
}
