package dev.atconnector.sim;

import dev.atconnector.sim.events.Framing;
import dev.atconnector.sim.events.RecordShape;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a simulator instance is started with; immutable. Built by {@link Simulator.Builder}, which mirrors the
 * command line, so validation messages name the CLI option.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free port
 * @param seed the seed every event derives from
 * @param eventsPerDay mean number of events per scope and day
 * @param framing download body framing
 * @param shape record shape
 * @param multiMember one gzip member per day instead of one for the whole body
 * @param gzipLevel deflate level 1..9
 * @param chunkSize largest compressed chunk written at once, bytes
 * @param tokens static tokens: token to user
 * @param apiKeys API keys the UAA endpoint exchanges: key to user
 * @param tokenLifetime lifetime of tokens the UAA endpoint issues
 * @param spaces the only space ids accepted (403 for others); empty accepts every space
 * @param noAccountAccess users answered 403 for AtAccountLevel sessions
 * @param faults the faults switched on
 * @param clock the simulator's notion of now (token expiry, default date range, session times)
 */
public record SimulatorConfig(
    String host,
    int port,
    long seed,
    int eventsPerDay,
    Framing framing,
    RecordShape shape,
    boolean multiMember,
    int gzipLevel,
    int chunkSize,
    Map<String, String> tokens,
    Map<String, String> apiKeys,
    Duration tokenLifetime,
    Set<String> spaces,
    Set<String> noAccountAccess,
    Faults faults,
    Clock clock) {

  public SimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(clock, "clock");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535 (was " + port + ")");
    }
    if (eventsPerDay < 0) {
      throw new IllegalArgumentException("--events-per-day must be 0 or positive (was " + eventsPerDay + ")");
    }
    if (gzipLevel < 1 || gzipLevel > 9) {
      throw new IllegalArgumentException("--gzip-level must be 1..9 (was " + gzipLevel + ")");
    }
    if (chunkSize < 512 || chunkSize > 1 << 20) {
      throw new IllegalArgumentException("--chunk-size must be 512..1048576 bytes (was " + chunkSize + ")");
    }
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("--token-lifetime must be strictly positive (was " + tokenLifetime + ")");
    }
    tokens = Map.copyOf(tokens);
    apiKeys = Map.copyOf(apiKeys);
    spaces = Set.copyOf(spaces);
    noAccountAccess = Set.copyOf(noAccountAccess);
  }

  /** Redacted: the tokens and API keys are secrets and are shown by count only. */
  @Override
  public String toString() {
    return "SimulatorConfig[host=" + host + ", port=" + port + ", seed=" + seed + ", eventsPerDay=" + eventsPerDay
        + ", framing=" + framing + ", shape=" + shape + ", multiMember=" + multiMember + ", gzipLevel=" + gzipLevel
        + ", chunkSize=" + chunkSize + ", tokens=" + tokens.size() + ", apiKeys=" + apiKeys.size()
        + ", tokenLifetime=" + tokenLifetime + ", spaces=" + spaces + ", noAccountAccess=" + noAccountAccess
        + ", faults=" + faults + "]";
  }
}
