package dev.atconnector.sim.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, thrown by a handler and rendered by the {@link Router}. Expected and frequent, so it
 * carries no stack trace. The body is the v3 {@code {"code","message"}} form, or the UAA {@code {"error",
 * "error_description"}} form for the token endpoint.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> body;
  private final int retryAfterSeconds;

  private ApiError(int status, Map<String, String> body, int retryAfterSeconds, String summary) {
    super(summary, null, false, false);
    this.status = status;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A v3 API error: {@code {"code":code,"message":message}}. */
  public static ApiError of(int status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    return new ApiError(status, body, -1, status + " " + code + ": " + message);
  }

  /** A UAA-style error: {@code {"error":error,"error_description":description}}. */
  public static ApiError uaa(int status, String error, String description) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return new ApiError(status, body, -1, status + " " + error + ": " + description);
  }

  /** This error with a {@code Retry-After} header of the given seconds. */
  public ApiError retryAfter(int seconds) {
    return new ApiError(status, body, seconds, getMessage());
  }

  public int status() {
    return status;
  }

  /** The JSON body fields, in order. */
  public Map<String, String> body() {
    return body;
  }

  /** The code (v3) or error (UAA) field. */
  public String code() {
    return body.containsKey("code") ? body.get("code") : body.get("error");
  }

  /** Seconds for a Retry-After header, or -1 for none. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
