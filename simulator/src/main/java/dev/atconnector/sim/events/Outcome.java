package dev.atconnector.sim.events;

import static dev.atconnector.sim.events.Fields.s;

import com.fasterxml.jackson.core.SerializableString;

/** An event's outcome with the HTTP code, reason phrase and severity that go with it; instances are shared constants. */
final class Outcome {
  private static final int[] FAILURE_CODES = {400, 401, 403, 403, 404, 404, 409, 429, 500, 503};
  private static final SerializableString NORMAL = s("normal");
  private static final SerializableString WARNING = s("warning");
  private static final SerializableString CRITICAL = s("critical");
  private static final Outcome PENDING = new Outcome("pending", 202, NORMAL);
  private static final Outcome UNKNOWN = new Outcome("unknown", 0, WARNING);
  private static final Outcome[] SUCCESS = {
    new Outcome("success", 200, NORMAL), new Outcome("success", 201, NORMAL), new Outcome("success", 202, NORMAL),
    new Outcome("success", 204, NORMAL), new Outcome("success", 204, WARNING),
  };
  private static final Outcome[] FAILURE = new Outcome[FAILURE_CODES.length * 2];

  static {
    for (int i = 0; i < FAILURE_CODES.length; i++) {
      int code = FAILURE_CODES[i];
      FAILURE[2 * i] = new Outcome("failure", code, WARNING);
      FAILURE[2 * i + 1] = new Outcome("failure", code, code == 401 || code == 403 ? CRITICAL : WARNING);
    }
  }

  final SerializableString name;
  final int code;
  final SerializableString phrase;
  final SerializableString severity;

  private Outcome(String name, int code, SerializableString severity) {
    this.name = s(name);
    this.code = code;
    this.phrase = s(phrase(code));
    this.severity = severity;
  }

  /** success ~80% (deletes half the time with severity warning), failure ~14%, pending ~5.5%, unknown ~0.5%. */
  static Outcome draw(Rng rng, int successCode) {
    int r = rng.nextInt(1000);
    if (r < 800) {
      int index = switch (successCode) {
        case 201 -> 1;
        case 202 -> 2;
        case 204 -> 3 + rng.nextInt(2);
        default -> 0;
      };
      return SUCCESS[index];
    }
    if (r < 940) {
      return FAILURE[rng.nextInt(FAILURE.length)];
    }
    return r < 995 ? PENDING : UNKNOWN;
  }

  private static String phrase(int code) {
    return switch (code) {
      case 0 -> "unknown";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      default -> "Service Unavailable";
    };
  }
}
