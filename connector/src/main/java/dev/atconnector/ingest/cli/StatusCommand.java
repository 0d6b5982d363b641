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

/** {@code at-connector status}, like {@code ibmcloud at status}: the events available per day. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show the events available per day (date, count, size, types, searchable) of the space, or of "
        + "the account with --account.", "Every flag also reads an environment variable, shown in brackets."})
final class StatusCommand extends AtCommand {
  @Mixin RangeOptions range;

  @Mixin OutputOptions output;

  @Override
  int run() {
    SessionRequest request = DayRange.request(range, LocalDate.now(ZoneOffset.UTC));
    AtClient client = client();
    List<DayStatus> days = client.status(request).collectList().block(CALL_LIMIT);
    List<JsonNode> rows = (days == null ? List.<DayStatus>of() : days).stream().map(Printer::tree).toList();
    new Printer(out(), output.format).rows(rows, List.of("DATE", "COUNT", "SIZE", "TYPES", "SEARCHABLE"),
        List.of("date", "count", "size", "types", "searchable"));
    return ExitCodes.OK;
  }
}
