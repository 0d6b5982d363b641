package dev.atconnector.ingest.sink;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link IndexTemplates#install} did, one entry per resource, in install order.
 *
 * @param prefix the index prefix the templates serve
 * @param entries every resource considered
 */
public record TemplateReport(String prefix, List<Entry> entries) {
  public TemplateReport {
    Objects.requireNonNull(prefix, "prefix");
    entries = List.copyOf(entries);
  }

  /** What happened to one resource. */
  public enum Outcome {
    /** Written (created or overwritten): resources the connector manages. */
    INSTALLED,
    /** Written, but with a feature replaced because this cluster lacks it (see detail). */
    DEGRADED,
    /** An existing index's mapping extended to the shipped version (see {@code IndexMappingUpgrade}). */
    UPDATED,
    /** Did not exist, created once: resources the user owns afterwards. */
    CREATED,
    /** Existed already and was left alone: resources the user owns. */
    KEPT,
    /** Not installed (see detail), e.g. ILM on a cluster without it. */
    SKIPPED
  }

  /**
   * One resource.
   *
   * @param kind {@code component_template}, {@code index_template}, {@code ilm_policy} or {@code index} (an
   *     existing event index whose mapping was brought up to the shipped version)
   * @param name its name in Elasticsearch
   * @param outcome what happened
   * @param detail why, for DEGRADED and SKIPPED; empty otherwise
   */
  public record Entry(String kind, String name, Outcome outcome, String detail) {
    public Entry {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The entry for a resource, if any ({@code kind} matters: the ILM policy and the events index
   * template share a name).
   */
  public java.util.Optional<Entry> entry(String kind, String name) {
    return entries.stream().filter(e -> e.kind().equals(kind) && e.name().equals(name)).findFirst();
  }

  /** Names with the given outcome. */
  public List<String> names(Outcome outcome) {
    return entries.stream().filter(e -> e.outcome() == outcome).map(Entry::name).toList();
  }

  /** One line for the startup log, e.g. {@code INSTALLED [a, b]; KEPT [c]; SKIPPED [d: why]}. */
  public String summary() {
    return entries.stream()
        .collect(Collectors.groupingBy(Entry::outcome, java.util.TreeMap::new, Collectors.toList()))
        .entrySet().stream()
        .map(g -> g.getKey() + " " + g.getValue().stream()
            .map(e -> e.detail().isEmpty() ? e.name() : e.name() + ": " + e.detail())
            .collect(Collectors.joining(", ", "[", "]")))
        .collect(Collectors.joining("; "));
  }
}
