package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.config.ConfigException;
import dev.atconnector.ingest.config.Durations;
import dev.atconnector.ingest.config.EsAccess;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.decode.DecodeLimits;
import dev.atconnector.ingest.es.EsClients;
import dev.atconnector.ingest.sink.DeadLetterReplay;
import dev.atconnector.ingest.sink.IndexTemplates;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code at-connector dead-letter list|replay}: look at the dead-letter index, and replay it after a fix. */
@Command(name = "dead-letter", mixinStandardHelpOptions = true,
    description = "Records that could not be decoded, normalised or indexed wait in <prefix>dead-letter.",
    subcommands = {DeadLetterCommand.ListCommand.class, DeadLetterCommand.ReplayCommand.class})
final class DeadLetterCommand {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCommand.class);

  private DeadLetterCommand() {}

  /** What both subcommands share: Elasticsearch access, the index prefix and {@code --since}. */
  abstract static class Base implements java.util.concurrent.Callable<Integer> {
    @Mixin EsOptions es;
    @Mixin DestinationOptions destination;
    @Mixin LogOptions log;
    @Spec CommandSpec spec;

    @Option(names = "--index-prefix", paramLabel = "P", defaultValue = IndexTemplates.DEFAULT_PREFIX,
        description = "index prefix: dead letters are in <P>dead-letter (default ${DEFAULT-VALUE}) (AT_INDEX_PREFIX)")
    String indexPrefix;

    @Option(names = "--since", paramLabel = "DURATION|DATE",
        description = "only dead letters written in the last DURATION (e.g. 24h, 7d) or since DATE (YYYY-MM-DD, "
            + "UTC, or an ISO instant) (AT_SINCE)")
    String since;

    @Override
    public final Integer call() {
      EsAccess access = es.access(Cli.env(spec));
      Settings.indexPrefix(indexPrefix, "--index-prefix (AT_INDEX_PREFIX)");
      Optional<Instant> from = Optional.ofNullable(since).filter(s -> !s.isBlank())
          .map(s -> since(s, Instant.now()));
      RestClient rest = EsClients.restClient(access);
      try {
        DeadLetterReplay replay = new DeadLetterReplay(EsClients.blocking(EsClients.esClient(rest)), indexPrefix,
            destination.destination(indexPrefix), DecodeLimits.DEFAULTS, Clock.systemUTC(), DeadLetterReplay.PAGE_SIZE);
        return run(replay, from, Cli.out(spec));
      } catch (RuntimeException e) {
        throw EsClients.explain(e, access);
      } finally {
        close(rest);
      }
    }

    private static void close(RestClient rest) {
      try {
        rest.close();
      } catch (IOException e) {
        LOG.warn("closing the Elasticsearch client failed: {}", e.toString());
      }
    }

    abstract int run(DeadLetterReplay replay, Optional<Instant> since, PrintWriter out);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"List the dead letters: when, stage, position, replays and reason.",
          "Every flag also reads an environment variable, shown in brackets."})
  static final class ListCommand extends Base {
    @Mixin OutputOptions output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "show at most N (default ${DEFAULT-VALUE}) (AT_LIMIT)")
    int limit;

    @Override
    int run(DeadLetterReplay replay, Optional<Instant> from, PrintWriter out) {
      int max = Settings.intInRange(limit, 1, 100_000, "--limit (AT_LIMIT)");
      java.util.List<JsonNode> rows = new ArrayList<>();
      int[] total = {0};
      replay.list(from, row -> {
        total[0]++;
        if (rows.size() < max) {
          rows.add(output.format == OutputFormat.JSON ? row : brief(row));
        }
      });
      new Printer(out, output.format).rows(rows,
          java.util.List.of("ID", "TIME", "STAGE", "SESSION", "RECORD", "REPLAYS", "REASON"),
          java.util.List.of("_id", "@timestamp", "stage", "session", "record", "replay_count", "reason"));
      if (total[0] > rows.size() && output.format != OutputFormat.JSON) {
        out.println("(" + rows.size() + " of " + total[0] + " shown; raise --limit for more)");
        out.flush();
      }
      return ExitCodes.OK;
    }

    private static JsonNode brief(ObjectNode row) {
      ObjectNode b = row.deepCopy();
      b.put("_id", shorten(row.path("_id").asText(), 12));
      b.put("reason", shorten(row.path("reason").asText(), 100));
      if (!row.has("replay_count")) {
        b.put("replay_count", 0);
      }
      return b;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Decode the dead letters again and index the events that now succeed (after a mapping fix): "
          + "those leave the dead-letter index; the others stay with today's reason and a replay count. "
          + "Re-running adds no duplicates.", "Every flag also reads an environment variable, shown in brackets."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every dead letter replayed (indexed, already indexed, or still failing with a new reason)",
          "2:bad usage", "3:authentication failed", "5:Elasticsearch failed, or some dead letters could not be "
          + "tried now (run again)"})
  static final class ReplayCommand extends Base {
    @Mixin OutputOptions output;

    @Override
    int run(DeadLetterReplay replay, Optional<Instant> from, PrintWriter out) {
      DeadLetterReplay.Summary s = replay.replay(from);
      String outcome = s.unchanged() == 0 ? "ok" : "incomplete";
      if (output.format == OutputFormat.JSON) {
        new Printer(out, OutputFormat.JSON).json(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
            .put("outcome", outcome).put("read", s.read()).put("indexed", s.indexed())
            .put("duplicates", s.duplicates()).put("still_failing", s.stillFailing()).put("unchanged", s.unchanged())
            .put("seconds", s.seconds()));
      } else {
        out.println("at-connector dead-letter replay " + outcome + ": " + s.line());
        out.flush();
      }
      return s.unchanged() == 0 ? ExitCodes.OK : ExitCodes.SINK;
    }
  }

  /** {@code 24h}/{@code 7d}/{@code PT30M} back from {@code now}, or a UTC date, or an ISO instant. */
  static Instant since(String value, Instant now) {
    String v = value.strip();
    Function<String, ConfigException> bad = why -> new ConfigException("--since (AT_SINCE) '" + value + "' is not "
        + "a duration (e.g. 24h, 7d; " + Durations.FORMS + ") or a date (YYYY-MM-DD or 2026-01-31T12:00:00Z)"
        + why);
    try {
      if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (v.contains("T") && !v.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Instant.parse(v);
      }
    } catch (DateTimeException e) {
      throw bad.apply(": " + e.getMessage());
    }
    Duration back;
    try {
      back = Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw bad.apply("");
    }
    if (back.isZero()) {
      throw bad.apply(": it must be strictly positive");
    }
    return now.minus(back);
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
