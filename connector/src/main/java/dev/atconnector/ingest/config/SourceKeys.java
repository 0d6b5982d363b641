package dev.atconnector.ingest.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The keys a sources file knows, and what to say about one it does not: the nearest known key (a typo), or, for
 * names that would hold a credential inline, why that is refused.
 */
final class SourceKeys {
  static final String NAME = "name";
  static final String REGION = "region";
  static final String ENDPOINT = "endpoint";
  static final String UAA_URL = "uaa_url";
  static final String SPACE = "space";
  static final String ACCOUNT = "account";
  static final String HOUR = "hour";
  static final String START = "start";
  static final String END = "end";
  static final String INDEX_PREFIX = "index_prefix";
  static final String WINDOW_DAYS = "window_days";
  static final String TOKEN_ENV = "token_env";
  static final String TOKEN_FILE = "token_file";
  static final String API_KEY_ENV = "api_key_env";
  static final String API_KEY_FILE = "api_key_file";

  static final List<String> TOP_LEVEL = List.of("defaults", "sources");
  static final List<String> SOURCE = List.of(NAME, REGION, ENDPOINT, UAA_URL, SPACE, ACCOUNT, HOUR, START, END,
      INDEX_PREFIX, WINDOW_DAYS, TOKEN_ENV, TOKEN_FILE, API_KEY_ENV, API_KEY_FILE);
  /** Keys that replace the defaults' as a group: a source with its own endpoint ignores the defaults' region. */
  static final List<String> LOCATION = List.of(REGION, ENDPOINT);
  static final List<String> CREDENTIAL = List.of(TOKEN_ENV, TOKEN_FILE, API_KEY_ENV, API_KEY_FILE);

  private static final Set<String> INLINE_SECRETS = Set.of("token", "api_key", "apikey", "api-key", "password",
      "secret", "access_token", "bearer", "bearer_token", "iam_token", "key", "credentials");

  private SourceKeys() {}

  /** What is wrong with an unknown key, given the keys allowed where it stands. */
  static String unknown(String key, List<String> allowed) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (allowed.contains(TOKEN_ENV) && INLINE_SECRETS.contains(lower)) {
      return "inline credentials are refused, because config files get committed and copied: put the value in an "
          + "environment variable and write token_env: NAME (api_key_env for an API key), or in a file readable "
          + "only by you and write token_file: PATH (api_key_file)";
    }
    String nearest = nearest(lower, allowed);
    if (nearest != null) {
      return "unknown key; did you mean '" + nearest + "'?";
    }
    return "unknown key; the keys here are " + String.join(", ", allowed);
  }

  /** The allowed key closest to {@code key} by edit distance, if close enough to be a typo. */
  static String nearest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int d = distance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  /** Levenshtein distance; keys are short, so the two-row version is plenty. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
