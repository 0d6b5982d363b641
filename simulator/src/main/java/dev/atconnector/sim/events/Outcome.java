package dev.atconnector.sim.events;

/** An event's outcome with the HTTP code, reason phrase and severity that go with it. */
final class Outcome {
  private static final int[] FAILURE_CODES = {400, 401, 403, 403, 404, 404, 409, 429, 500, 503};

  final String name;
  final int code;
  final String phrase;
  final String severity;

  private Outcome(String name, int code, String severity) {
    this.name = name;
    this.code = code;
    this.phrase = phrase(code);
    this.severity = severity;
  }

  static Outcome draw(Rng rng, CadfWriter.ActionInfo action) {
    int r = rng.nextInt(1000);
    if (r < 800) {
      boolean destructive = action.successCode == 204;
      return new Outcome("success", action.successCode, destructive && rng.nextInt(2) == 0 ? "warning" : "normal");
    }
    if (r < 940) {
      int code = FAILURE_CODES[rng.nextInt(FAILURE_CODES.length)];
      String severity = (code == 401 || code == 403) && rng.nextInt(2) == 0 ? "critical" : "warning";
      return new Outcome("failure", code, severity);
    }
    if (r < 995) {
      return new Outcome("pending", 202, "normal");
    }
    return new Outcome("unknown", 0, "warning");
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
