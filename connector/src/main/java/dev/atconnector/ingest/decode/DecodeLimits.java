package dev.atconnector.ingest.decode;

/**
 * Explicit parser limits for downloads we do not trust. Each is named in the error that hits it.
 *
 * @param maxRecordBytes the largest single record, in bytes (a larger one is dead-lettered, cut, and skipped)
 * @param maxStringLength the longest JSON string value, in chars (Jackson StreamReadConstraints)
 * @param maxNestingDepth the deepest JSON nesting (Jackson StreamReadConstraints)
 * @param maxDeadLetterTextBytes how much of a bad record's text a dead letter keeps
 */
public record DecodeLimits(int maxRecordBytes, int maxStringLength, int maxNestingDepth, int maxDeadLetterTextBytes) {
  public static final DecodeLimits DEFAULTS = new DecodeLimits(4 * 1024 * 1024, 2 * 1024 * 1024, 64, 256 * 1024);

  public DecodeLimits {
    if (maxRecordBytes <= 0 || maxStringLength <= 0 || maxNestingDepth <= 0 || maxDeadLetterTextBytes <= 0) {
      throw new IllegalArgumentException("decode limits must be strictly positive");
    }
  }
}
