package dev.atconnector.ingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atconnector.ingest.source.AtClient;
import dev.atconnector.ingest.source.DayStatus;
import dev.atconnector.ingest.source.SessionRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code at-connector status}, like {@code ibmcloud at status}: the events available per day. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show the events available per day (date, count, size, types, searchable) of the space, or of "
        + "the account with --account.", "Every flag also reads an environment variable, shown in brackets."})
final class StatusCommand extends AtCommand {
  @Option(names = {"-a", "--account"}, description = "account-level events instead of the space's (AT_ACCOUNT)")
  boolean account;

  @Option(names = {"-s", "--start"}, paramLabel = "YYYY-MM-DD",
      description = "first UTC day (default: 13 days before --end) (AT_START)")
  String start;

  @Option(names = {"-e", "--end"}, paramLabel = "YYYY-MM-DD", description = "last UTC day (default: today) (AT_END)")
  String end;

  @Option(names = {"-T", "--hour"}, paramLabel = "HOUR", description = "only this UTC hour (0-23) (AT_HOUR)")
  Integer hour;

  @Mixin OutputOptions output;

  @Override
  int run() {
    SessionRequest request = DayRange.request(start, end, account, hour, LocalDate.now(ZoneOffset.UTC));
    AtClient client = client();
    List<DayStatus> days = client.status(request).collectList().block(CALL_LIMIT);
    List<JsonNode> rows = (days == null ? List.<DayStatus>of() : days).stream().map(Printer::tree).toList();
    new Printer(out(), output.format).rows(rows, List.of("DATE", "COUNT", "SIZE", "TYPES", "SEARCHABLE"),
        List.of("date", "count", "size", "types", "searchable"));
    return ExitCodes.OK;
  }
}
