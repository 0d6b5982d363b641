package dev.atconnector.sim.events;

import java.util.Locale;

/**
 * What a scope's events share: its hash key, the account that owns the space (derived from the space id, so the same
 * space always belongs to the same account), its region and the services that report at its level.
 */
final class ScopeContext {
  final Scope scope;
  final long key;
  final String accountId;
  final String tenantId;
  final String region;
  final String legacyRegion;
  final Vocabulary.Service[] services;

  ScopeContext(long catalogSeed, Scope scope) {
    this.scope = scope;
    long spaceHash = Rng.hash(scope.spaceId());
    this.key = Rng.seedOf(catalogSeed, spaceHash, scope.accountLevel() ? 0xACC0L : 0x5BACEL);
    this.accountId = String.format(Locale.ROOT, "%016x%016x", Rng.mix64(spaceHash ^ 0xACC0L),
        Rng.mix64(spaceHash + 0xACC1L));
    this.tenantId = scope.accountLevel() ? "a/" + accountId : "s/" + scope.spaceId();
    int regionIndex = (int) Long.remainderUnsigned(spaceHash, Vocabulary.REGIONS.length);
    this.region = Vocabulary.REGIONS[regionIndex];
    this.legacyRegion = Vocabulary.LEGACY_REGIONS[regionIndex];
    this.services = scope.accountLevel() ? Vocabulary.ACCOUNT_SERVICES : Vocabulary.SPACE_SERVICES;
  }

  /** The seed of one UTC hour of one day of this scope. */
  long hourSeed(long epochDay, int hour) {
    return Rng.seedOf(key, epochDay, hour);
  }
}
