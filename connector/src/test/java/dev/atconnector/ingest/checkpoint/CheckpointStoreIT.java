package dev.atconnector.ingest.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.eslocal.ElasticsearchExtension;
import dev.atconnector.eslocal.EsEndpoint;
import dev.atconnector.ingest.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The checkpoint store and leases against a real Elasticsearch. */
@ExtendWith(ElasticsearchExtension.class)
class CheckpointStoreIT {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final LocalDate D = LocalDate.of(2019, 1, 1);
  private static final Duration TTL = Duration.ofMinutes(2);

  private RestClient rest;
  private CheckpointStore store;
  private final SourceId source = new SourceId("127.0.0.1:1234", "space-a", false, OptionalInt.empty(), "at-x-");
  private final MutableClock clock = new MutableClock(Instant.parse("2019-05-01T10:00:00Z"));

  @BeforeEach
  void start(EsEndpoint es) {
    var b = RestClient.builder(new HttpHost(es.host(), es.port(), es.uri().getScheme()));
    es.authorizationHeader().ifPresent(h -> b.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", h)}));
    rest = b.build();
    store = new CheckpointStore(rest, "it-ckpt-store-" + SEQ.incrementAndGet() + "-" + System.nanoTime());
  }

  @AfterEach
  void stop() throws IOException {
    try {
      rest.performRequest(new Request("DELETE", "/" + store.index() + "?ignore_unavailable=true"));
    } finally {
      rest.close();
    }
  }

  @Test
  void theIndexIsCreatedOnceWithItsExplicitMapping() throws IOException {
    assertThat(store.get(source)).as("no index yet: no checkpoint").isEmpty();
    assertThat(store.all()).isEmpty();
    store.ensureIndex();
    store.ensureIndex();
    String mapping = body(new Request("GET", "/" + store.index() + "/_mapping"));
    assertThat(mapping).contains("\"dynamic\":\"false\"").contains("\"completed_through\":{\"type\":\"date\"");
  }

  @Test
  void writesAreConditionalOnTheVersionRead() {
    store.ensureIndex();
    Checkpoint fresh = Checkpoint.fresh(source, D, D.plusDays(99), clock.instant());
    CheckpointStore.Stored created = store.create(fresh);
    assertThat(store.get(source)).get().extracting(CheckpointStore.Stored::checkpoint).isEqualTo(fresh);
    assertThatThrownBy(() -> store.create(fresh)).isInstanceOf(CheckpointException.class)
        .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.TAKEN_OVER);

    Checkpoint done = fresh.withCompleted(Optional.of(D.plusDays(14)), new Checkpoint.Counts(1, 5, 5, 0, 0));
    CheckpointStore.Stored second = store.replace(created, done);
    assertThat(second.seqNo()).isGreaterThan(created.seqNo());
    // a writer still holding the first version lost the race
    assertThatThrownBy(() -> store.replace(created, fresh)).isInstanceOf(CheckpointException.class)
        .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.TAKEN_OVER);
    assertThat(store.get(source).orElseThrow().checkpoint()).isEqualTo(done);
    assertThat(store.all()).containsExactly(done);
  }

  @Test
  void aHeldLeaseKeepsOthersOutUntilItExpiresThenTheOldHolderIsStopped() {
    store.ensureIndex();
    SourceCheckpoint a = SourceCheckpoint.acquire(store, source, "host-a/1/uuid-a", TTL, clock, D, D.plusDays(99));
    a.sessionOpened("sess-1", D, D.plusDays(14));

    assertThatThrownBy(() -> SourceCheckpoint.acquire(store, source, "host-b/2/uuid-b", TTL, clock, D,
        D.plusDays(99)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("is held by host-a/1/uuid-a (")
        .hasMessageContaining("lease until 2019-05-01T10:02:00Z)")
        .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.LEASED);

    clock.advance(Duration.ofMinutes(1));
    a.renew();
    clock.advance(Duration.ofMinutes(2)); // past the renewed expiry 10:03
    SourceCheckpoint b = SourceCheckpoint.acquire(store, source, "host-b/2/uuid-b", TTL, clock, D, D.plusDays(99));
    assertThat(b.checkpoint().openSession()).as("the session a left open is still recorded for b to delete")
        .map(Checkpoint.OpenSession::id).contains("sess-1");

    assertThatThrownBy(a::renew).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("was taken over by host-b/2/uuid-b")
        .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.TAKEN_OVER);

    b.sessionClosed(Optional.empty());
    b.release();
    Checkpoint released = store.get(source).orElseThrow().checkpoint();
    assertThat(released.lease()).isEmpty();
    assertThat(released.openSession()).isEmpty();
    // the same owner may always take its own lease again, and a released source is free for anyone
    SourceCheckpoint.acquire(store, source, "host-c/3/uuid-c", TTL, clock, D, D.plusDays(99));
  }

  @Test
  void aSessionLeftSuspectStaysRecordedAsDeletedWithTheReasonForTheNextRun() {
    store.ensureIndex();
    SourceCheckpoint a = SourceCheckpoint.acquire(store, source, "o/1/u", TTL, clock, D, D.plusDays(99));
    a.sessionOpened("sess-7", D, D.plusDays(14));
    a.sessionLeftSuspect(Optional.of("window stopped; taken back at the next start"));
    a.release();

    Checkpoint stored = store.get(source).orElseThrow().checkpoint();
    assertThat(stored.openSession()).hasValueSatisfying(o -> {
      assertThat(o.id()).isEqualTo("sess-7");
      assertThat(o.deleted()).isTrue();
    });
    assertThat(stored.lastError()).map(Checkpoint.LastError::message)
        .contains("window stopped; taken back at the next start");
    assertThat(stored.completedThrough()).isEmpty();
  }

  @Test
  void aRangeThatDoesNotContinueTheCheckpointStartsItOver() {
    store.ensureIndex();
    SourceCheckpoint a = SourceCheckpoint.acquire(store, source, "o/1/u", TTL, clock, D, D.plusDays(99));
    a.windowDone(Optional.of(D.plusDays(29)), new Checkpoint.Counts(2, 1, 1, 0, 0));
    a.release();
    SourceCheckpoint later = SourceCheckpoint.acquire(store, source, "o/1/u", TTL, clock, D.plusDays(30),
        D.plusDays(120));
    assertThat(later.checkpoint().completedThrough()).contains(D.plusDays(29));
    assertThat(later.checkpoint().rangeStart()).isEqualTo(D);
    assertThat(later.checkpoint().rangeEnd()).isEqualTo(D.plusDays(120));
    later.release();
    SourceCheckpoint earlier = SourceCheckpoint.acquire(store, source, "o/1/u", TTL, clock, D.minusDays(10),
        D.plusDays(120));
    assertThat(earlier.checkpoint().completedThrough()).isEmpty();
    assertThat(earlier.checkpoint().rangeStart()).isEqualTo(D.minusDays(10));
  }

  /** Issue 15: a failed window is stored with its record, holds completed_through back, and clears when read. */
  @Test
  void aFailedWindowHoldsCompletedThroughBackUntilItIsReadAndRetryFailedKeepsTheRange() {
    store.ensureIndex();
    SourceCheckpoint a = SourceCheckpoint.acquire(store, source, "o/1/u", TTL, clock, D, D.plusDays(2));
    a.sessionOpened("s-1", D, D);
    a.windowDone(D, D, Optional.of(D), new Checkpoint.Counts(1, 3, 3, 0, 0));
    a.sessionOpened("s-2", D.plusDays(1), D.plusDays(1));
    a.windowFailed(D.plusDays(1), D.plusDays(1), Optional.of(D.plusDays(1)), "could not be decoded", 6,
        java.util.List.of("s-2"));
    a.windowDone(D.plusDays(2), D.plusDays(2), Optional.of(D.plusDays(2)), new Checkpoint.Counts(1, 3, 3, 0, 0));
    a.release();

    Checkpoint stored = store.get(source).orElseThrow().checkpoint();
    assertThat(stored.completedThrough()).contains(D);
    assertThat(stored.passedThrough()).contains(D.plusDays(2));
    assertThat(stored.openSession()).isEmpty();
    assertThat(stored.lastError()).map(Checkpoint.LastError::message).hasValueSatisfying(m ->
        assertThat(m).contains("failed: could not be decoded"));
    assertThat(stored.failedWindows()).singleElement().satisfies(f -> {
      assertThat(f.sessions()).containsExactly("s-2");
      assertThat(f.attempts()).isEqualTo(6);
      assertThat(f.failedAt()).isEqualTo(clock.instant());
    });

    // --retry-failed claims with the range kept (a start that would otherwise start the checkpoint over)
    SourceCheckpoint b = SourceCheckpoint.claim(store, source, "o/2/u", TTL, clock, D.plusDays(300),
        D.plusDays(313), true).taken().orElseThrow();
    assertThat(b.checkpoint().rangeStart()).isEqualTo(D);
    assertThat(b.checkpoint().rangeEnd()).isEqualTo(D.plusDays(2));
    b.windowDone(D.plusDays(1), D.plusDays(1), Optional.of(D.plusDays(1)), new Checkpoint.Counts(1, 3, 3, 0, 0));
    Checkpoint after = store.get(source).orElseThrow().checkpoint();
    assertThat(after.failedWindows()).isEmpty();
    assertThat(after.completedThrough()).as("never moves backwards, jumps over the window read").contains(
        D.plusDays(2));
    assertThat(after.counts().windows()).isEqualTo(3);
  }

  private String body(Request r) throws IOException {
    try (InputStream in = rest.performRequest(r).getEntity().getContent()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
