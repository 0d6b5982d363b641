package dev.atconnector.ingest.config;

import java.util.Objects;

/**
 * What one source is: where and as whom it reads ({@link AtAccess}), which space and level, which days
 * ({@link ReadRange}), and the index prefix its dead letters (and, with the monthly destination, its events) go
 * under. From the command line for a single source, from a sources file's entry under {@code --config}.
 *
 * @param access endpoint, credential and transport of the Activity Tracker API
 * @param spaceId the space GUID (X-Auth-Project-Id, {@code --space})
 * @param accountLevel account-level events instead of the space's ({@code --account})
 * @param range the days to read
 * @param indexPrefix dead letters go to {@code <prefix>dead-letter}; with the monthly destination, events to
 *     {@code <prefix>YYYY.MM} ({@code --index-prefix})
 */
public record SourceSettings(AtAccess access, String spaceId, boolean accountLevel, ReadRange range,
    String indexPrefix) {
  public SourceSettings {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(range, "range");
    Settings.required(spaceId, "--space (AT_SPACE_ID)");
    Settings.indexPrefix(indexPrefix, "--index-prefix (AT_INDEX_PREFIX)");
  }

  /**
   * What the service's 30-open-sessions limit is counted over: the endpoint (scheme, host, port, lowercased) and the
   * space. Account-level and space-level sources of one space share it.
   */
  public String sessionPool() {
    return SourceDefinition.normalized(access.endpoint()) + " " + spaceId;
  }
}
