package dev.atconnector.sim.events;

import java.util.Objects;

/**
 * Whose events: a space's, or (accountLevel) the account's that own the space. Account events differ from the
 * space's: the generator derives a different stream from them.
 *
 * @param spaceId the space GUID sent as X-Auth-Project-Id
 * @param accountLevel true for AtAccountLevel sessions
 */
public record Scope(String spaceId, boolean accountLevel) {
  public Scope {
    Objects.requireNonNull(spaceId, "spaceId");
  }
}
