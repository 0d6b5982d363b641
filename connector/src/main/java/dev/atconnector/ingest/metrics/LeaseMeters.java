package dev.atconnector.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lease meters of one process (issue 16): claims, takeovers, releases, leases lost, sources held and members
 * seen. Every tag value is registered at once, so a dashboard shows 0 rather than nothing. Create one per registry
 * (a second one would count into the same counters, but its gauges would not be the registered ones).
 */
public final class LeaseMeters {
  /** Why a lease was given up. */
  public enum Release {
    /** SIGTERM/SIGINT: released at once so others take over without waiting for expiry. */
    STOP,
    /** Over its share: handed over at a window boundary. */
    BALANCE,
    /** The run ended (a one-shot run finished, or its job completed). */
    END,
    /** The source failed here; another process may try it. */
    FAILURE;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final AtomicInteger held;
  private final AtomicInteger members;

  public LeaseMeters(MeterRegistry registry) {
    this.registry = registry;
    for (String kind : new String[] {"free", "takeover"}) {
      claims(kind);
    }
    for (Release r : Release.values()) {
      releases(r);
    }
    lost();
    this.held = gauge(MeterNames.LEASE_HELD, "sources this process holds now");
    this.members = gauge(MeterNames.LEASE_MEMBERS, "live connector processes sharing this process's sources");
  }

  /** A source claimed; {@code takeover} when it was another process's expired lease. */
  public void claimed(boolean takeover) {
    claims(takeover ? "takeover" : "free").increment();
    held.incrementAndGet();
  }

  public void released(Release why) {
    releases(why).increment();
    held.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** Another process took the source over while this one held it. */
  public void lostLease() {
    lost().increment();
    held.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** A lease that ended without a write (not renewable, or given up while the store failed). */
  public void dropped() {
    held.updateAndGet(n -> Math.max(0, n - 1));
  }

  public void members(int n) {
    members.set(n);
  }

  private Counter claims(String kind) {
    return Counter.builder(MeterNames.LEASE_CLAIMS).tag("kind", kind)
        .description("sources claimed by this process: free ones, or taken over from a process that stopped renewing")
        .register(registry);
  }

  private Counter releases(Release why) {
    return Counter.builder(MeterNames.LEASE_RELEASES).tag("reason", why.tag())
        .description("leases this process gave up, by reason").register(registry);
  }

  private Counter lost() {
    return Counter.builder(MeterNames.LEASE_LOST)
        .description("leases another process took over while this one held them").register(registry);
  }

  private AtomicInteger gauge(String name, String help) {
    AtomicInteger value = new AtomicInteger();
    Gauge.builder(name, value, AtomicInteger::get).description(help).strongReference(true).register(registry);
    return value;
  }
}
