package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atconnector.ingest.config.Settings;
import dev.atconnector.ingest.session.SessionPruner;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.AtSession;
import dev.atconnector.ingest.source.SessionRequest;
import dev.atconnector.ingest.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code at-connector session create|list|show|delete|prune}, like {@code ibmcloud at session}: the download
 * sessions of the space (they never expire by themselves).
 */
@Command(name = "session", mixinStandardHelpOptions = true,
    description = "Create, list, show, delete or prune download sessions of the space (sessions never expire by "
        + "themselves; a space holds at most 30).",
    subcommands = {SessionCommand.Create.class, SessionCommand.ListSessions.class, SessionCommand.Show.class,
        SessionCommand.Delete.class, SessionCommand.Prune.class})
final class SessionCommand {
  private static final List<String> LIST_HEADERS = List.of("Id", "Space", "Username", "Create-time", "Access-time");
  private static final List<String> LIST_KEYS = List.of("id", "space", "username", "create-time", "access-time");

  private SessionCommand() {}

  @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Create a session for a range of days (inclusive, UTC; default the last 14 days, at most 15) "
          + "and print its fields; its id is what `download` takes.",
          "Every flag also reads an environment variable, shown in brackets."})
  static final class Create extends AtCommand {
    @Mixin RangeOptions range;

    @Mixin OutputOptions output;

    @Override
    int run() {
      SessionRequest request = DayRange.request(range, LocalDate.now(ZoneOffset.UTC));
      JsonNode session = client().createSessionJson(request).block(CALL_LIMIT);
      new Printer(out(), output.format).object(session);
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List your open sessions in the space.")
  static final class ListSessions extends AtCommand {
    @Mixin OutputOptions output;

    @Override
    int run() {
      List<JsonNode> all = client().listSessionsJson().collectList().block(CALL_LIMIT);
      new Printer(out(), output.format).rows(all == null ? List.of() : all, LIST_HEADERS, LIST_KEYS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session's fields.")
  static final class Show extends AtCommand {
    @Parameters(paramLabel = "SESSION_ID") String id;
    @Mixin OutputOptions output;

    @Override
    int run() {
      AtClient client = client();
      new Printer(out(), output.format).object(client.showSessionJson(id).block(CALL_LIMIT));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete sessions by id (do it after each download: the service never does).")
  static final class Delete extends AtCommand {
    @Parameters(paramLabel = "SESSION_ID", arity = "1..*") List<String> ids;
    @Mixin OutputOptions output;

    @Override
    int run() {
      AtClient client = client();
      Printer printer = new Printer(out(), output.format);
      for (String id : ids) {
        JsonNode reply = client.deleteSessionJson(id).block(CALL_LIMIT);
        printer.object(reply == null || reply.isEmpty()
            ? new ObjectMapper().createObjectNode().put("message", "Delete session success") : reply);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Delete your sessions in the space not used for a while (left open by crashed runs): "
          + "access-time older than --older-than.")
  static final class Prune extends AtCommand {
    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
        description = "delete sessions whose access-time is older than this, e.g. 30m, 2h, PT1H "
            + "(default ${DEFAULT-VALUE}) (AT_OLDER_THAN)")
    Duration olderThan;

    @Mixin OutputOptions output;

    @Override
    int run() {
      Settings.positive(olderThan, "--older-than (AT_OLDER_THAN)");
      SessionPruner.Outcome outcome = SessionPruner.prune(client(), olderThan, Instant.now());
      Printer printer = new Printer(out(), output.format);
      if (output.format == OutputFormat.JSON) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        ArrayNode deleted = n.putArray("deleted");
        outcome.deleted().forEach(s -> deleted.add(s.id()));
        n.put("kept", outcome.kept());
        ArrayNode failed = n.putArray("failed");
        outcome.failed().forEach(failed::add);
        printer.json(n);
      } else {
        printer.rows(outcome.deleted().stream().map(SessionCommand::row).toList(),
            List.of("Deleted", "Access-time", "Date-range"), List.of("id", "access-time", "date-range"));
        out().println(outcome.deleted().size() + " deleted, " + outcome.kept() + " kept (used within "
            + olderThan + ")");
        out().flush();
      }
      if (!outcome.failed().isEmpty()) {
        throw new SourceException(SourceException.Kind.UNAVAILABLE, "could not delete sessions " + outcome.failed()
            + "; run `at-connector session prune` again", null);
      }
      return ExitCodes.OK;
    }
  }

  private static JsonNode row(AtSession s) {
    return new ObjectMapper().createObjectNode().put("id", s.id()).put("access-time", s.accessTime())
        .put("date-range", s.start() + ".." + s.end());
  }
}
