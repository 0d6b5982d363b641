package dev.atconnector.ingest.source;

import reactor.core.publisher.Mono;

/** Supplies the {@code X-Auth-Token} for Activity Tracker calls. */
public interface TokenProvider {

  /** A token believed valid now (refreshed ahead of its expiry where the provider can). */
  Mono<Secret> token();

  /**
   * The service answered 401 to {@code rejected}: a fresh token if this provider can get one, else empty (an auth
   * failure the caller reports).
   */
  Mono<Secret> renewAfterRejection(Secret rejected);

  /** A fixed token, e.g. from {@code AT_TOKEN}: it cannot be renewed. */
  static TokenProvider fixed(Secret token) {
    return new TokenProvider() {
      @Override
      public Mono<Secret> token() {
        return Mono.just(token);
      }

      @Override
      public Mono<Secret> renewAfterRejection(Secret rejected) {
        return Mono.empty();
      }
    };
  }
}
