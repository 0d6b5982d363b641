package dev.atconnector.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atconnector.sim.Faults;
import dev.atconnector.sim.server.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  private static Faults faults(int failCreates, double failRate, int throttleEvery) {
    return new Faults(failCreates, failRate, throttleEvery, 3, 0, 0, 1, false, 0, 0);
  }

  private static List<Integer> statuses(FaultSchedule schedule, int calls) {
    List<Integer> statuses = new ArrayList<>();
    for (int call = 1; call <= calls; call++) {
      statuses.add(schedule.decide(call, 0).map(ApiError::status).orElse(200));
    }
    return statuses;
  }

  @Test
  void theFirstNCreatesFailWith503() {
    FaultCounters counters = new FaultCounters();
    FaultSchedule schedule = new FaultSchedule(faults(2, 0, 0), 1, counters);
    assertThat(schedule.decide(1, 1)).hasValueSatisfying(e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.code()).isEqualTo("service_unavailable");
    });
    assertThat(schedule.decide(2, 0)).isEmpty(); // not a create
    assertThat(schedule.decide(3, 2)).isPresent();
    assertThat(schedule.decide(4, 3)).isEmpty();
    assertThat(counters.snapshot()).containsEntry(FaultCounters.FAIL_CREATES, 2L);
  }

  @Test
  void everyNthCallIsThrottledWithRetryAfter() {
    FaultSchedule schedule = new FaultSchedule(faults(0, 0, 3), 1, new FaultCounters());
    assertThat(statuses(schedule, 7)).containsExactly(200, 200, 429, 200, 200, 429, 200);
    Optional<ApiError> throttled = schedule.decide(9, 0);
    assertThat(throttled).hasValueSatisfying(e -> {
      assertThat(e.code()).isEqualTo("rate_limited");
      assertThat(e.retryAfterSeconds()).isEqualTo(3);
    });
  }

  @Test
  void failRateIsDeterministicFromTheSeedAndNearTheFraction() {
    List<Integer> first = statuses(new FaultSchedule(faults(0, 0.2, 0), 7, new FaultCounters()), 10_000);
    List<Integer> again = statuses(new FaultSchedule(faults(0, 0.2, 0), 7, new FaultCounters()), 10_000);
    List<Integer> otherSeed = statuses(new FaultSchedule(faults(0, 0.2, 0), 8, new FaultCounters()), 10_000);
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    long failed = first.stream().filter(s -> s != 200).count();
    assertThat(failed).isBetween(1800L, 2200L);
    assertThat(first).contains(500, 503).allMatch(s -> s == 200 || s == 500 || s == 503);
  }

  @Test
  void noFaultsByDefault() {
    FaultCounters counters = new FaultCounters();
    FaultSchedule schedule = new FaultSchedule(Faults.NONE, 1, counters);
    for (int call = 1; call <= 100; call++) {
      schedule.beforeCall(call % 2 == 0);
    }
    assertThat(counters.snapshot()).isEmpty();
  }

  @Test
  void rateOneFailsEveryCall() {
    assertThat(statuses(new FaultSchedule(faults(0, 1.0, 0), 3, new FaultCounters()), 50)).doesNotContain(200);
  }

  @Test
  void theFirstNDeletesFailThenDeletesPass() {
    FaultCounters counters = new FaultCounters();
    FaultSchedule schedule = new FaultSchedule(new Faults(0, 0, 0, 1, 0, 0, 1, false, 0, 0, 0, 2), 1, counters);
    for (int i = 1; i <= 2; i++) {
      assertThatThrownBy(schedule::beforeDelete).isInstanceOfSatisfying(ApiError.class,
          e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("session delete");
    }
    schedule.beforeDelete();
    schedule.beforeCall(true); // creates are not affected
    assertThat(counters.snapshot()).containsEntry(FaultCounters.FAIL_DELETES, 2L).hasSize(1);
  }
}
