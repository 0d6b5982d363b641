package dev.atconnector.ingest.decode;

import java.util.Set;

/**
 * {@code event.category} and {@code event.type} of a CADF action ({@code service.objectType.verb}): the table of
 * docs/fields.md, in one place. The categories come from the first row that matches; the verb gives the type; the
 * {@code iam} row adds the entity type ({@code user}, {@code group}, {@code admin}). Thread-safe, allocation-free:
 * the answers are shared constant arrays (callers must not change them).
 *
 * @param provider {@code event.provider}: the service, {@code action} up to its first dot (null without a dot)
 * @param categories {@code event.category}, one value
 * @param types {@code event.type}, one or two values
 */
record ActionCategories(String provider, String[] categories, String[] types) {
  private static final Set<String> CREATION = Set.of("create", "add", "invite", "attach", "import", "provision",
      "bind");
  private static final Set<String> DELETION = Set.of("delete", "remove", "detach", "destroy", "unbind",
      "deprovision");
  private static final Set<String> CHANGE = Set.of("update", "patch", "config", "set", "rotate", "enable", "disable",
      "reboot", "restore", "reset", "modify", "assign", "unassign", "start", "stop");
  private static final Set<String> ACCESS = Set.of("read", "list", "get", "show", "view", "download", "wrap",
      "unwrap", "rewrap");
  private static final Set<String> IAM_SERVICES = Set.of("iam-identity", "iam-am", "iam-access-management",
      "iam-groups", "user-management");
  private static final Set<String> IAM_OBJECTS = Set.of("user", "apikey", "serviceid", "policy", "role",
      "trusted-profile");
  private static final Set<String> USER_OBJECTS = Set.of("user", "apikey", "serviceid", "invite");
  private static final Set<String> NETWORK_OBJECTS = Set.of("vpc", "subnet", "security-group", "floating-ip");

  private static final String[] AUTHENTICATION = {"authentication"};
  private static final String[] SESSION = {"session"};
  private static final String[] IAM = {"iam"};
  private static final String[] CONFIGURATION = {"configuration"};
  private static final String[] FILE = {"file"};
  private static final String[] DATABASE = {"database"};
  private static final String[] NETWORK = {"network"};
  private static final String[] INFO = {"info"};

  /** The categories and types of {@code action} (null or no dot: configuration/info). */
  static ActionCategories of(String action) {
    int first = action == null ? -1 : action.indexOf('.');
    if (first < 0) {
      return new ActionCategories(null, CONFIGURATION, INFO);
    }
    int last = action.lastIndexOf('.');
    String service = action.substring(0, first);
    String provider = first > 0 ? service : null;
    String verb = action.substring(last + 1);
    String[] objects = last > first ? action.substring(first + 1, last).split("\\.") : new String[0];
    String verbType = verbType(verb);
    if (verb.equals("login") || verb.equals("authenticate") || verb.endsWith("-login")) {
      return new ActionCategories(provider, AUTHENTICATION, types(verbType, null));
    }
    if (verb.equals("logout")) {
      return new ActionCategories(provider, AUTHENTICATION, types(verbType, null));
    }
    if (any(objects, o -> o.equals("session") || o.endsWith("-session"))) {
      return new ActionCategories(provider, SESSION, types(verbType, null));
    }
    if (IAM_SERVICES.contains(service) || any(objects, o -> IAM_OBJECTS.contains(o) || o.endsWith("-apikey")
        || o.startsWith("access-group"))) {
      String entity = any(objects, o -> USER_OBJECTS.contains(o) || o.endsWith("-apikey")) ? "user"
          : any(objects, o -> o.startsWith("access-group")) ? "group"
          : any(objects, o -> o.equals("policy") || o.equals("role")) ? "admin" : null;
      return new ActionCategories(provider, IAM, types(verbType.equals("access") ? "info" : verbType, entity));
    }
    if (service.equals("atracker") || any(objects, o -> o.endsWith("-acl") || o.endsWith("-policy")
        || o.endsWith("-cors") || o.endsWith("-settings") || o.equals("settings"))) {
      return new ActionCategories(provider, CONFIGURATION, types(verbType, null));
    }
    if (service.equals("cloud-object-storage")) {
      return new ActionCategories(provider, FILE, types(verbType, null));
    }
    if (service.equals("cloudantnosqldb") || service.startsWith("databases-for-") || service.startsWith("dashdb")
        || service.startsWith("db2")) {
      return new ActionCategories(provider, DATABASE, types(verbType, null));
    }
    if (service.equals("is") || any(objects, o -> o.contains("load-balancer") || NETWORK_OBJECTS.contains(o)
        || o.startsWith("network"))) {
      return new ActionCategories(provider, NETWORK, types(verbType, null));
    }
    return new ActionCategories(provider, CONFIGURATION, types(verbType, null));
  }

  /** {@code event.type} of a verb alone. */
  static String verbType(String verb) {
    if (CREATION.contains(verb)) {
      return "creation";
    }
    if (DELETION.contains(verb)) {
      return "deletion";
    }
    if (CHANGE.contains(verb)) {
      return "change";
    }
    if (ACCESS.contains(verb)) {
      return "access";
    }
    if (verb.equals("login") || verb.equals("authenticate") || verb.endsWith("-login")) {
      return "start";
    }
    return verb.equals("logout") ? "end" : "info";
  }

  private static String[] types(String verbType, String entity) {
    return entity == null ? single(verbType) : new String[] {verbType, entity};
  }

  private static String[] single(String type) {
    return switch (type) {
      case "creation" -> Singles.CREATION;
      case "deletion" -> Singles.DELETION;
      case "change" -> Singles.CHANGE;
      case "access" -> Singles.ACCESS;
      case "start" -> Singles.START;
      case "end" -> Singles.END;
      default -> INFO;
    };
  }

  private static boolean any(String[] objects, java.util.function.Predicate<String> test) {
    for (String o : objects) {
      if (test.test(o)) {
        return true;
      }
    }
    return false;
  }

  private static final class Singles {
    static final String[] CREATION = {"creation"};
    static final String[] DELETION = {"deletion"};
    static final String[] CHANGE = {"change"};
    static final String[] ACCESS = {"access"};
    static final String[] START = {"start"};
    static final String[] END = {"end"};
  }
}
