package dev.atconnector.sim.events;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenarios added to a catalog ({@code EventCatalog.addScenario}): per (scope, UTC day), the fixed events that day
 * gains, in time order. Adding the same scenario for the same space and first day again changes nothing (its events
 * have fixed ids). Thread-safe; an addition shows in every download, status or expected-events call that reaches the
 * day afterwards.
 */
final class Scenarios {
  /** The names {@link #add} knows. */
  static final Set<String> NAMES = Set.of(SecurityScenario.NAME);

  /** One event on its day. */
  record Placed(LocalDate day, ScenarioEvent event) {}

  private record Key(Scope scope, LocalDate day) {}

  private record Added(String name, String spaceId, LocalDate start) {}

  private final Set<Added> added = ConcurrentHashMap.newKeySet();
  private final Map<Key, List<ScenarioEvent>> byDay = new ConcurrentHashMap<>();

  /**
   * Adds the named scenario to the space (its space-level events) and the space's account (its account-level ones),
   * starting on {@code start}.
   *
   * @return the events of the scenario, each on its day
   * @throws IllegalArgumentException for an unknown name
   */
  synchronized List<Placed> add(String name, String spaceId, LocalDate start) {
    Objects.requireNonNull(spaceId, "spaceId");
    Objects.requireNonNull(start, "start");
    String known = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(known)) {
      throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", NAMES));
    }
    List<Placed> placed = new ArrayList<>();
    for (ScenarioEvent e : SecurityScenario.events()) {
      placed.add(new Placed(start.plusDays(e.day()), e));
    }
    if (added.add(new Added(known, spaceId, start))) {
      for (Placed p : placed) {
        byDay.merge(new Key(new Scope(spaceId, p.event().accountLevel()), p.day()), List.of(p.event()),
            (old, more) -> {
              List<ScenarioEvent> all = new ArrayList<>(old);
              all.addAll(more);
              all.sort(Comparator.comparingInt(ScenarioEvent::secondOfDay));
              return List.copyOf(all);
            });
      }
    }
    return placed;
  }

  /** The scenario events of the day of the scope, in time order (empty if none). */
  List<ScenarioEvent> of(Scope scope, LocalDate day) {
    return byDay.getOrDefault(new Key(scope, day), List.of());
  }

  long count(Scope scope, LocalDate day) {
    return of(scope, day).size();
  }

  long count(Scope scope, LocalDate day, int hour) {
    return of(scope, day).stream().filter(e -> e.hour() == hour).count();
  }
}
