package dev.atconnector.ingest.failure;

/**
 * The one place that reads an HTTP status into a {@link Kind}: by status and side alone, never by message text.
 *
 * <table>
 * <caption>status × side → kind</caption>
 * <tr><th>status</th><th>kind</th></tr>
 * <tr><td>0 (no answer: refused, reset, timed out, cut short)</td><td>UNAVAILABLE</td></tr>
 * <tr><td>401, 403</td><td>AUTH</td></tr>
 * <tr><td>400 from IAM (the API key is not one)</td><td>AUTH</td></tr>
 * <tr><td>any other non-2xx from IAM (it could not issue a token now)</td><td>UNAVAILABLE</td></tr>
 * <tr><td>408, 429, 5xx</td><td>UNAVAILABLE</td></tr>
 * <tr><td>409</td><td>CONFLICT</td></tr>
 * <tr><td>other 4xx (400, 404, 413...), 1xx, 3xx</td><td>REJECTED</td></tr>
 * <tr><td>2xx, yet a failure (the answer is not what the API documents)</td><td>BAD_DATA</td></tr>
 * </table>
 */
public final class HttpStatuses {
  private HttpStatuses() {}

  /** Whether {@code status} is a success (2xx): not a failure at all. */
  public static boolean success(int status) {
    return status >= 200 && status < 300;
  }

  /** The kind of failure {@code side} answering {@code status} is (0: no answer). */
  public static Kind kind(Side side, int status) {
    if (success(status)) {
      return Kind.BAD_DATA; // the call went through, but what came back could not be used
    }
    if (status == 0 || status == 408 || status == 429 || status >= 500) {
      return Kind.UNAVAILABLE;
    }
    if (status == 401 || status == 403) {
      return Kind.AUTH;
    }
    if (side == Side.IAM) {
      // IAM answers 400 to an API key that is not one; anything else means it cannot issue a token now
      return status == 400 ? Kind.AUTH : Kind.UNAVAILABLE;
    }
    return status == 409 ? Kind.CONFLICT : Kind.REJECTED;
  }
}
