package dev.atconnector.ingest.cli;

import picocli.CommandLine.Option;

/**
 * The days, level and hour of a query, with {@code ibmcloud at}'s short flags ({@code -s -e -a -T}): the same on
 * every command that takes them ({@code ingest}, {@code status}, {@code session create}). Each command checks the
 * values in its own terms (one session's 15 days, or any range cut into windows).
 */
final class RangeOptions {
  @Option(names = {"-s", "--start"}, paramLabel = "YYYY-MM-DD",
      description = "first UTC day, inclusive (default: 13 days before --end) (AT_START)")
  String start;

  @Option(names = {"-e", "--end"}, paramLabel = "YYYY-MM-DD",
      description = "last UTC day, inclusive (default: today) (AT_END)")
  String end;

  @Option(names = {"-a", "--account"}, description = "account-level events instead of the space's (AT_ACCOUNT)")
  boolean account;

  @Option(names = {"-T", "--hour"}, paramLabel = "HOUR", description = "only this UTC hour (0-23) of each day "
      + "(AT_HOUR)")
  Integer hour;
}
