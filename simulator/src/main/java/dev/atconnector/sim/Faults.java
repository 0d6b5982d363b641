package dev.atconnector.sim;

/**
 * The switchable faults, each deterministic; zero (or false) switches a fault off. The option names in messages are
 * the CLI's, so an error names what to change.
 *
 * @param failCreates the first N session creates answer 503
 * @param failRate fraction (0..1) of API calls answering 500 or 503, chosen deterministically from the seed
 * @param throttleEvery every N-th API call answers 429 with Retry-After
 * @param retryAfterSeconds the Retry-After value of every 429
 * @param slowBytesPerSec downloads are paced to this many bytes per second
 * @param cutAfterBytes the connection is closed after this many bytes of a download
 * @param cutDownloads only the first K downloads are cut (0 = all)
 * @param corruptGzip downloads carry a corrupt gzip stream
 * @param malformedEvery after every N-th record a malformed (not JSON) record is written
 * @param expireTokenAfterBytes the token of the first download reaching this many bytes expires there: the stream
 *     is cut and the token answers 401 token_expired from then on
 * @param garbleDownloads the first N downloads carry garbled records: every {@code success} in the text becomes
 *     {@code SUCCESS} after the gzip CRC32 was taken, so the records still parse and only the member's CRC check
 *     finds the damage (0 = off)
 * @param failDeletes the first N session deletes answer 503 (0 = off)
 */
public record Faults(
    int failCreates,
    double failRate,
    int throttleEvery,
    int retryAfterSeconds,
    long slowBytesPerSec,
    long cutAfterBytes,
    int cutDownloads,
    boolean corruptGzip,
    int malformedEvery,
    long expireTokenAfterBytes,
    int garbleDownloads,
    int failDeletes) {

  /** No faults at all; Retry-After 1 s and cut-downloads 1 as defaults for when they are switched on. */
  public static final Faults NONE = new Faults(0, 0, 0, 1, 0, 0, 1, false, 0, 0, 0, 0);

  /** The faults without garbled downloads or failing deletes. */
  public Faults(int failCreates, double failRate, int throttleEvery, int retryAfterSeconds, long slowBytesPerSec,
      long cutAfterBytes, int cutDownloads, boolean corruptGzip, int malformedEvery, long expireTokenAfterBytes) {
    this(failCreates, failRate, throttleEvery, retryAfterSeconds, slowBytesPerSec, cutAfterBytes, cutDownloads,
        corruptGzip, malformedEvery, expireTokenAfterBytes, 0, 0);
  }

  public Faults {
    nonNegative("--fail-creates", failCreates);
    if (!(failRate >= 0 && failRate <= 1)) {
      throw new IllegalArgumentException("--fail-rate must be a fraction between 0 and 1 (was " + failRate + ")");
    }
    nonNegative("--throttle-every", throttleEvery);
    nonNegative("--retry-after", retryAfterSeconds);
    nonNegative("--slow", slowBytesPerSec);
    nonNegative("--cut-after", cutAfterBytes);
    nonNegative("--cut-downloads", cutDownloads);
    nonNegative("--malformed-every", malformedEvery);
    nonNegative("--expire-token-mid-download", expireTokenAfterBytes);
    nonNegative("--garble-downloads", garbleDownloads);
    nonNegative("--fail-deletes", failDeletes);
  }

  private static void nonNegative(String option, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be 0 (off) or positive (was " + value + ")");
    }
  }
}
