package dev.atconnector.sim.fault;

import dev.atconnector.sim.Faults;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, when a download starts, which stream faults it gets: a cut after N bytes (only the first K downloads
 * that reach N bytes, or all) and the token expiry after N bytes (only the first download reaching it). A download
 * that ends before its cut point gives its claim back, so the fault hits the next one instead.
 */
public final class DownloadFaults {
  /** Where a download is cut (bytes, -1 for never) and whether that cut also expires its token. */
  public record Plan(long cutAt, boolean cut, boolean expireToken) {
    public static final Plan NONE = new Plan(-1, false, false);
  }

  private final Faults faults;
  private final AtomicInteger cutsClaimed = new AtomicInteger();
  private final AtomicBoolean expiryClaimed = new AtomicBoolean();

  public DownloadFaults(Faults faults) {
    this.faults = faults;
  }

  /** The stream faults of a download that starts now. */
  public Plan plan() {
    boolean cut = faults.cutAfterBytes() > 0 && claimCut();
    boolean expire = faults.expireTokenAfterBytes() > 0 && expiryClaimed.compareAndSet(false, true);
    if (cut && expire) {
      // both claimed: the earlier point decides; the other claim goes back unused
      if (faults.cutAfterBytes() <= faults.expireTokenAfterBytes()) {
        expiryClaimed.set(false);
        return new Plan(faults.cutAfterBytes(), true, false);
      }
      releaseCut();
      return new Plan(faults.expireTokenAfterBytes(), false, true);
    }
    if (cut) {
      return new Plan(faults.cutAfterBytes(), true, false);
    }
    if (expire) {
      return new Plan(faults.expireTokenAfterBytes(), false, true);
    }
    return Plan.NONE;
  }

  private boolean claimCut() {
    if (faults.cutDownloads() == 0) {
      return true;
    }
    int claimed = cutsClaimed.incrementAndGet();
    if (claimed > faults.cutDownloads()) {
      cutsClaimed.decrementAndGet();
      return false;
    }
    return true;
  }

  private void releaseCut() {
    if (faults.cutDownloads() > 0) {
      cutsClaimed.decrementAndGet();
    }
  }

  /** The download ended before its cut point: the fault was not served, give the claim back. */
  public void unused(Plan plan) {
    if (plan.cut()) {
      releaseCut();
    }
    if (plan.expireToken()) {
      expiryClaimed.set(false);
    }
  }
}
