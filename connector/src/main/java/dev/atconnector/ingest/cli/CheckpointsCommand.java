package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.checkpoint.Checkpoint;
import dev.atconnector.ingest.checkpoint.CheckpointDocs;
import dev.atconnector.ingest.checkpoint.CheckpointStore;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.source.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code at-connector checkpoints}: each source's position, lag, open session, lease and last error. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show each source's checkpoint: the last day done (every event of it indexed), the lag behind "
        + "now, the windows recorded as failed (their content failed on every attempt; `ingest --retry-failed` "
        + "reads them again), a session left open, who holds the lease and since when, and the last error.",
        "Every flag also reads an environment variable, shown in brackets."})
final class CheckpointsCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointsCommand.class);

  @Mixin EsOptions es;
  @Mixin OutputOptions output;
  @Mixin LogOptions log;
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint-index", paramLabel = "INDEX", defaultValue = CheckpointStore.DEFAULT_INDEX,
      description = "index of the checkpoints (default ${DEFAULT-VALUE}) (AT_CHECKPOINT_INDEX)")
  String index;

  @Override
  public Integer call() {
    Map<String, String> env = Cli.env(spec);
    EsAccess access = es.access(env);
    RestClient rest = EsClients.restClient(access);
    try {
      List<Checkpoint> all = new CheckpointStore(rest, index).all();
      Instant now = Instant.now();
      List<JsonNode> rows = all.stream().<JsonNode>map(c -> row(c, now)).toList();
      new Printer(Cli.out(spec), output.format).rows(rows,
          List.of("SOURCE", "DONE THROUGH", "LAG", "FAILED WINDOWS", "OPEN SESSION", "HELD BY (LEASE)",
              "LAST ERROR", "UPDATED"),
          List.of("source", "completed_through", "lag", "failed_windows_text", "open_session_text", "lease_text",
              "last_error_text", "updated_at"));
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      throw EsClients.explain(e, access);
    } finally {
      try {
        rest.close();
      } catch (IOException e) {
        LOG.warn("closing the Elasticsearch client failed: {}", e.toString());
      }
    }
  }

  /** The document as stored, plus the id, the lag and one-line texts for the table. */
  static ObjectNode row(Checkpoint c, Instant now) {
    ObjectNode n = CheckpointDocs.json(c);
    n.set("source_parts", n.get("source"));
    n.put("source", c.source().id());
    Optional<Duration> lag = c.completedThrough()
        .map(d -> Duration.between(d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), now));
    n.put("lag", lag.map(CheckpointsCommand::human).orElse("not started"));
    lag.ifPresent(l -> n.put("lag_seconds", Math.max(0, l.toSeconds())));
    n.put("open_session_text", c.openSession().map(s -> (s.pending() ? "being created" : s.id()) + " ("
        + s.windowStart() + ".." + s.windowEnd()
        + (s.deleted() ? "; deleted, its unverified documents are taken back at the next start" : "")
        + ")").orElse("-"));
    n.put("lease_text", c.lease().map(l -> (l.heldAt(now) ? "" : "expired: ") + l.owner()
        + l.heldSince().map(t -> " since " + t).orElse("") + " until " + l.expiresAt()).orElse("-"));
    c.lease().filter(l -> l.heldAt(now)).ifPresent(l -> {
      n.put("holder", l.owner());
      l.heldSince().ifPresent(t -> n.put("held_since", t.toString()));
    });
    n.put("failed_windows_count", c.failedWindows().size());
    n.put("failed_windows_text", c.failedWindows().isEmpty() ? "-" : c.failedWindows().stream()
        .map(f -> f + " (" + f.attempts() + " attempts, last " + f.failedAt() + ", sessions "
            + String.join(",", f.sessions()) + ": " + shortened(f.reason()) + ")")
        .collect(java.util.stream.Collectors.joining("; ")));
    n.put("last_error_text", c.lastError().map(e -> e.at() + " " + e.message()).orElse("-"));
    return n;
  }

  /** A reason cut for the table (the JSON keeps it whole). */
  private static String shortened(String reason) {
    return reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
  }

  static String human(Duration d) {
    if (d.isNegative()) {
      return "0m";
    }
    long days = d.toDays();
    long hours = d.toHoursPart();
    return days > 0 ? String.format(Locale.ROOT, "%dd %dh", days, hours)
        : String.format(Locale.ROOT, "%dh %dm", hours, d.toMinutesPart());
  }
}
