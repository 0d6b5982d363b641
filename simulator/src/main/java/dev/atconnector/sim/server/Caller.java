package dev.atconnector.sim.server;

/**
 * An authenticated v3 caller.
 *
 * @param user the token's user
 * @param space the X-Auth-Project-Id
 * @param token the token itself: a secret, never logged or rendered
 */
record Caller(String user, String space, String token) {
  @Override
  public String toString() {
    return "Caller[user=" + user + ", space=" + space + "]";
  }
}
